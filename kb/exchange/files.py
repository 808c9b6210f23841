"""Checks shared by every translation file format: size, archives, and how problems are told."""

from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import filesizeformat

ARCHIVE_MAGIC = {
    b"PK\x03\x04": "a ZIP archive",
    b"\x1f\x8b": "a gzip archive",
    b"7z\xbc\xaf": "a 7-Zip archive",
    b"Rar!": "a RAR archive",
}


@dataclass(frozen=True)
class FileProblem:
    message: str
    line: int | None = None
    unit: str | None = None

    def __str__(self):
        where = []
        if self.line:
            where.append(f"line {self.line}")
        if self.unit:
            where.append(f"unit {self.unit}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class FileRejected(Exception):
    """A translation file that cannot be imported; nothing was changed."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("; ".join(str(problem) for problem in self.problems))


def max_bytes():
    return settings.TRANSLATION_FILE_MAX_BYTES


def check_upload(data):
    if len(data) > max_bytes():
        raise FileRejected(
            [
                FileProblem(
                    f"The file is {filesizeformat(len(data))}; translation files may be at most "
                    f"{filesizeformat(max_bytes())}. Export fewer articles at a time."
                )
            ]
        )
    for magic, kind in ARCHIVE_MAGIC.items():
        if data.startswith(magic):
            raise FileRejected(
                [
                    FileProblem(
                        f"This is {kind}. Archives are not accepted: upload the .xlf or .po "
                        "file itself."
                    )
                ]
            )
    if not data.strip():
        raise FileRejected([FileProblem("The file is empty.")])


def decode(data):
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileRejected(
            [FileProblem(f"The file is not UTF-8 text (byte {error.start} is not valid UTF-8).")]
        ) from None
