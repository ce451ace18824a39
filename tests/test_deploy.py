"""Production settings pass Django's deployment checks; the ``samskap`` CLI is complete."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from samskap.accounts.models import User

ROOT = Path(__file__).resolve().parent.parent
CLI_COMMANDS = ["serve", "demo", "migrate", "createadmin", "import-municipalities"]


def production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    """The environment a production deployment gets, with nothing from the test run."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("SAMSKAP_", "DJANGO_", "DATABASE_", "ALLOWED_", "CSRF_"))
           and key not in {"SECRET_KEY", "EMAIL_BACKEND", "PYTEST_CURRENT_TEST"}}
    env.update({
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "samskap.example",
        "SAMSKAP_SECURE": "1",
        "SAMSKAP_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
    })
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
                          check=False)


def test_the_deploy_check_passes_with_production_settings(tmp_path):
    env = production_env(tmp_path)
    assert len(env["SECRET_KEY"]) >= 60
    result = run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                 env)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output
    assert "(0 silenced)" in output


def test_the_deploy_check_fails_when_https_is_off(tmp_path):
    """The check really checks: without SAMSKAP_SECURE the HTTPS warnings appear."""
    result = run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                 production_env(tmp_path, SAMSKAP_SECURE="0"))
    assert result.returncode != 0
    assert "security.W012" in result.stdout + result.stderr  # SESSION_COOKIE_SECURE


def test_settings_refuse_to_load_without_a_secret_key_when_debug_is_off(tmp_path):
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    result = run([sys.executable, "-c", "import config.settings"], env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_settings_load_without_a_secret_key_in_development(tmp_path):
    env = production_env(tmp_path, SAMSKAP_DEBUG="1")
    del env["SECRET_KEY"]
    result = run([sys.executable, "-c", "import config.settings as s; print(s.DEBUG)"], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_production_settings_are_secure_by_default(tmp_path):
    """Without SAMSKAP_SECURE at all, production still gets the HTTPS-only settings."""
    env = production_env(tmp_path)
    del env["SAMSKAP_SECURE"]
    code = ("import config.settings as s; print(s.DEBUG, s.SESSION_COOKIE_SECURE, "
            "s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS > 0)")
    result = run([sys.executable, "-c", code], env)
    assert result.stdout.split() == ["False", "True", "True", "True", "True"], result.stderr


class TestCli:
    def samskap(self) -> list[str]:
        script = Path(sys.executable).parent / "samskap"
        return [str(script)] if script.exists() else [sys.executable, "-m", "samskap.cli"]

    @pytest.mark.parametrize("flag", ["--help", "-h", "help"])
    def test_samskap_help_lists_the_main_commands(self, tmp_path, flag):
        result = run([*self.samskap(), flag], production_env(tmp_path))
        assert result.returncode == 0, result.stderr
        for command in CLI_COMMANDS:
            assert f"  {command} " in result.stdout

    def test_python_m_samskap_cli_works_too(self, tmp_path):
        result = run([sys.executable, "-m", "samskap.cli", "--help"], production_env(tmp_path))
        assert result.returncode == 0
        assert "createadmin" in result.stdout

    def test_a_listed_command_runs_the_django_command(self, tmp_path):
        result = run([*self.samskap(), "import-municipalities", "--help"],
                     production_env(tmp_path))
        assert result.returncode == 0, result.stderr
        assert "usage: samskap import_municipalities" in result.stdout

    def test_createadmin_creates_a_site_administrator(self, db):
        call_command("createadmin", "X@Y.no", password="et-langt-passord-77", name="Xi")
        user = User.objects.get(email="x@y.no")
        assert user.is_superuser and user.is_staff
        assert user.name == "Xi"
        assert user.check_password("et-langt-passord-77")

    def test_createadmin_makes_an_existing_user_an_administrator(self, per):
        call_command("createadmin", "per@eksempelvik.example", password="et-langt-passord-77")
        per.refresh_from_db()
        assert per.is_superuser
        assert User.objects.filter(email="per@eksempelvik.example").count() == 1

    def test_createadmin_refuses_a_weak_password(self, db):
        from django.core.management import CommandError

        with pytest.raises(CommandError):
            call_command("createadmin", "x@y.no", password="kort")
        assert not User.objects.filter(email="x@y.no").exists()
