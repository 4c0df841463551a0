"""Files in an S3-compatible object store (django-storages), against moto in server mode
on port 8501: uploads go to the bucket, downloads redirect to a short-lived signed address
that answers with the true type and the attachment name."""

import urllib.request

import pytest
from django.core.files.storage import storages

PORT = 8501
BUCKET = "crpv-test"


@pytest.fixture(scope="module")
def moto_server():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=PORT, verbose=False)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def s3(settings, moto_server):
    endpoint = f"http://127.0.0.1:{PORT}"
    options = {
        "bucket_name": BUCKET,
        "endpoint_url": endpoint,
        "region_name": "us-east-1",
        "access_key": "test",
        "secret_key": "test",
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": 300,
        "file_overwrite": False,
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
    }
    storage = storages["default"]
    storage.connection.meta.client.create_bucket(Bucket=BUCKET)
    return storage


def test_uploaded_file_is_stored_in_the_bucket(s3, make_resource, pdf):
    resource = make_resource(files=[("etude.pdf", pdf, "")])
    name = resource.files.get().file.name
    body = s3.connection.meta.client.get_object(Bucket=BUCKET, Key=name)["Body"].read()
    assert body == pdf


def test_download_redirects_to_a_signed_address_with_safe_headers(client, s3, make_resource, pdf):
    resource = make_resource(files=[("Étude GUP.pdf", pdf, "")])
    response = client.get(resource.files.get().get_absolute_url())
    assert response.status_code == 302
    assert response["X-Content-Type-Options"] == "nosniff"
    location = response["Location"]
    assert location.startswith(f"http://127.0.0.1:{PORT}/{BUCKET}/ressources/")
    assert "Signature" in location or "X-Amz-Signature" in location
    with urllib.request.urlopen(location) as answer:  # noqa: S310 - the local test server
        assert answer.read() == pdf
        assert answer.headers["Content-Type"] == "application/pdf"
        assert answer.headers["Content-Disposition"] == (
            "attachment; filename=\"_tude GUP.pdf\"; filename*=UTF-8''%C3%89tude%20GUP.pdf"
        )


def test_unpublished_resource_gives_no_signed_address(client, s3, make_resource, pdf):
    resource = make_resource(files=[("a.pdf", pdf, "")], is_published=False)
    assert client.get(resource.files.get().get_absolute_url()).status_code == 404


def test_deleting_a_file_removes_it_from_the_bucket(s3, make_resource, pdf):
    resource = make_resource(files=[("a.pdf", pdf, "")])
    resource_file = resource.files.get()
    name = resource_file.file.name
    resource_file.delete()
    assert not s3.exists(name)
