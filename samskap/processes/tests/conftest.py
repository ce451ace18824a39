import pytest
from django.conf import settings
from django.utils import translation


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """The cast is created per test; a fast hasher keeps that cheap (not for production)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english():
    """The tests read the English texts (the msgids); translations are tested elsewhere."""
    with translation.override("en"):
        yield


@pytest.fixture
def client(client):
    """A test client that asks for English pages."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
