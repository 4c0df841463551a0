"""The image of a news item: checked on upload, and a rendition the site serves.

An upload is read by Pillow before anything is stored: a real JPEG, PNG, WebP or GIF, at most
``MAX_BYTES`` bytes and ``MAX_PIXELS`` pixels. The pixel count is read from the file's header,
before the pixels are decoded, so that a small file claiming a huge picture (a decompression
bomb) is refused without using the memory it asks for.

Pages never show the upload itself: ``make_rendition`` writes beside it a JPEG at most
``RENDITION_WIDTH`` pixels wide (what a page and ``og:image`` use), once, when the item is
saved.
"""

import io
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
RENDITION_WIDTH = 1200
RENDITION_QUALITY = 82


def validate_image(file):
    """Raise ``ValidationError`` (a French message) unless ``file`` (an uploaded or stored
    file) is a JPEG, PNG, WebP or GIF image of at most ``MAX_BYTES`` bytes and ``MAX_PIXELS``
    pixels. Reads the header, then checks the file's structure (``Image.verify``)."""
    if file.size > MAX_BYTES:
        raise ValidationError(
            "L’image pèse %(size)s Mo\u00a0: 10 Mo au plus. Enregistrez-la en JPEG ou "
            "réduisez-la avant de l’envoyer.",
            params={"size": f"{file.size / 1024 / 1024:.1f}".replace(".", ",")},
            code="image_too_heavy",
        )
    file.seek(0)
    try:
        with Image.open(file) as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ValidationError(
                    "L’image mesure %(width)s × %(height)s pixels\u00a0: 40 millions de pixels "
                    "au plus. Réduisez-la avant de l’envoyer.",
                    params={"width": width, "height": height},
                    code="image_too_large",
                )
            if image.format not in FORMATS:
                raise ValidationError(
                    "Ce format d’image n’est pas accepté\u00a0: envoyez un JPEG, un PNG, un WebP "
                    "ou un GIF.",
                    code="image_format",
                )
            image.verify()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError(
            "Ce fichier n’est pas une image lisible\u00a0: envoyez un JPEG, un PNG, un WebP ou "
            "un GIF.",
            code="image_invalid",
        ) from None
    finally:
        file.seek(0)


def rendition_name(name):
    """Return the name of the rendition of the stored image ``name``, beside it:
    ``actualites/2026/photo.jpg`` → ``actualites/2026/photo-1200.jpg``."""
    path = PurePosixPath(name)
    return str(path.with_name(f"{path.stem}-{RENDITION_WIDTH}.jpg"))


def make_rendition(file):
    """Return (ContentFile, width, height): ``file`` (an image, checked by
    ``validate_image``) as a JPEG at most ``RENDITION_WIDTH`` pixels wide, turned upright
    (EXIF orientation), transparency on white, metadata dropped (no GPS position leaks)."""
    file.seek(0)
    with Image.open(file) as image:
        image.draft("RGB", (RENDITION_WIDTH, RENDITION_WIDTH * 4))  # JPEG: decode smaller
        image = ImageOps.exif_transpose(image)
        if image.mode in ("RGBA", "LA", "P"):
            image = image.convert("RGBA")
            background = Image.new("RGB", image.size, "white")
            background.paste(image, mask=image.getchannel("A"))
            image = background
        else:
            image = image.convert("RGB")
        if image.width > RENDITION_WIDTH:
            height = round(image.height * RENDITION_WIDTH / image.width)
            image = image.resize((RENDITION_WIDTH, max(height, 1)), Image.Resampling.LANCZOS)
        output = io.BytesIO()
        image.save(output, "JPEG", quality=RENDITION_QUALITY, optimize=True, progressive=True)
    file.seek(0)
    return ContentFile(output.getvalue()), image.width, image.height
