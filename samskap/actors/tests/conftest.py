import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """The cast is created per test; a fast hasher keeps that cheap (not for production)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
