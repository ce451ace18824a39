"""`samskap overview-document`: the document as a file from the command line."""

from __future__ import annotations

import io

import docx
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from samskap import cli
from samskap.knowledge.tests.overview_world import low_income, written_document


@pytest.fixture
def documents(eksempelvik, per):
    older = written_document(eksempelvik, per)
    older.title = "Eldre oversikt"
    older.save(update_fields=["title"])
    newer = written_document(eksempelvik, per, indicators=(low_income(),))
    return older, newer


@pytest.mark.parametrize(("fmt", "magic"), [("docx", b"PK"), ("pdf", b"%PDF-"),
                                            ("html", b"<!DOCTYPE html>")])
def test_it_writes_the_newest_document_in_each_format(documents, tmp_path, fmt, magic):
    output = tmp_path / f"oversikt.{fmt}"
    out = io.StringIO()
    call_command("overview_document", "--municipality", "9999", "--format", fmt,
                 "--output", str(output), stdout=out)
    assert output.read_bytes().startswith(magic)
    assert "Folkehelseoversikt 2024" in out.getvalue()


def test_it_writes_a_chosen_document(documents, tmp_path):
    older, _newer = documents
    output = tmp_path / "eldre.docx"
    call_command("overview_document", "--municipality", "9999", "--format", "docx",
                 "--output", str(output), "--document", str(older.pk), stdout=io.StringIO())
    assert docx.Document(str(output)).paragraphs[0].text == "Eldre oversikt"


def test_the_same_data_gives_the_same_file(documents, tmp_path):
    for name in ("a.pdf", "b.pdf"):
        call_command("overview_document", "--municipality", "9999", "--format", "pdf",
                     "--output", str(tmp_path / name), stdout=io.StringIO())
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()


def test_an_unknown_municipality_is_an_error_with_exit_code_1(db, tmp_path, capsys):
    with pytest.raises(CommandError, match="No municipality numbered 1234") as error:
        call_command("overview_document", "--municipality", "1234", "--format", "pdf",
                     "--output", str(tmp_path / "x.pdf"))
    assert error.value.returncode == 1
    # The console command exits with that code.
    with pytest.raises(SystemExit) as exited:
        cli.main(["overview-document", "--municipality", "1234", "--format", "pdf",
                  "--output", str(tmp_path / "x.pdf")])
    assert exited.value.code == 1
    assert "No municipality numbered 1234" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_a_municipality_without_a_document_is_an_error(eksempelvik, tmp_path):
    with pytest.raises(CommandError, match="has no overview document"):
        call_command("overview_document", "--municipality", "9999", "--format", "html",
                     "--output", str(tmp_path / "x.html"))


def test_another_municipalitys_document_id_is_not_found(documents, nabovik, tmp_path):
    _older, newer = documents
    with pytest.raises(CommandError, match=f"no overview document with id {newer.pk}"):
        call_command("overview_document", "--municipality", "9998", "--format", "html",
                     "--output", str(tmp_path / "x.html"), "--document", str(newer.pk))


def test_an_unknown_format_is_refused(documents, tmp_path):
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("overview_document", "--municipality", "9999", "--format", "odt",
                     "--output", str(tmp_path / "x.odt"))


def test_an_unwritable_output_is_an_error(documents, tmp_path):
    with pytest.raises(CommandError, match="Cannot write"):
        call_command("overview_document", "--municipality", "9999", "--format", "html",
                     "--output", str(tmp_path / "missing" / "x.html"))


def test_the_command_is_listed_in_samskap_help(capsys):
    cli.main(["--help"])
    assert "overview-document" in capsys.readouterr().out
