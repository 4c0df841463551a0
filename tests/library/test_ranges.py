"""Downloads resume: one byte range of a stored file is sent when asked (206), a range past
the end is refused (416), and anything else gets the whole file (``crpv.files``)."""

import pytest


@pytest.fixture
def download(make_resource, pdf):
    resource = make_resource(files=[("etude.pdf", pdf, "")])
    return resource.files.get().get_absolute_url()


def body(response):
    return b"".join(response.streaming_content)


def test_the_whole_file_says_ranges_are_accepted(client, download, pdf):
    response = client.get(download)
    assert response.status_code == 200
    assert response["Accept-Ranges"] == "bytes"
    assert body(response) == pdf


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [
        ("bytes=0-9", 0, 9),
        ("bytes=100-", 100, None),  # the rest, as a resumed download asks
        ("bytes=-20", -20, None),  # the last 20 bytes
        ("bytes=5-999999999", 5, None),  # a last byte past the end: up to the end
    ],
)
def test_one_range_is_sent_with_its_content_range(client, download, pdf, header, first, last):
    response = client.get(download, HTTP_RANGE=header)
    expected = pdf[first : None if last is None else last + 1]
    start = first % len(pdf)
    assert response.status_code == 206
    assert body(response) == expected
    assert response["Content-Length"] == str(len(expected))
    assert response["Content-Range"] == f"bytes {start}-{start + len(expected) - 1}/{len(pdf)}"
    # The safe headers of every download are kept.
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize("header", ["bytes=999999999-", "bytes=-0"])
def test_a_range_past_the_end_is_refused_with_the_size(client, download, pdf, header):
    response = client.get(download, HTTP_RANGE=header)
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(pdf)}"


@pytest.mark.parametrize(
    "header",
    [
        "bytes=0-9,20-29",  # several ranges: allowed to answer with the whole file
        "items=0-9",
        "bytes=9-0",
        "bytes=" + "9" * 5000 + "-",  # a number Python would refuse to read
        "bytes=abc",
    ],
)
def test_other_ranges_get_the_whole_file(client, download, pdf, header):
    response = client.get(download, HTTP_RANGE=header)
    assert response.status_code == 200
    assert body(response) == pdf


def test_a_range_under_if_range_gets_the_whole_file(client, download, pdf):
    # The response carries no validator, so If-Range can match nothing: the whole file.
    response = client.get(download, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"abc"')
    assert response.status_code == 200
    assert body(response) == pdf
