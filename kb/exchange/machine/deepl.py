"""DeepL API (https://developers.deepl.com/docs): ``POST /v2/translate`` with XML tag handling,
so the inline codes come back where they belong, and a glossary per language pair
(``/v2/glossaries``), made again whenever an editor changes its terms (DeepL's glossaries
cannot be edited)."""

import hashlib

import requests
from django.conf import settings
from django.utils.translation import gettext as _

from . import MachineTranslationError, MachineTranslator

BATCH = 50  # texts per request, DeepL's limit


class DeepLTranslator(MachineTranslator):
    name = "DeepL"

    def __init__(self, api_key, api_url, timeout=20):
        self.api_key = api_key
        self.api_url = api_url.rstrip("/")
        self.timeout = timeout

    @classmethod
    def from_settings(cls):
        if not settings.DEEPL_API_KEY:
            return None
        return cls(settings.DEEPL_API_KEY, settings.DEEPL_API_URL, settings.DEEPL_TIMEOUT)

    def _request(self, method, path, **kwargs):
        headers = {"Authorization": f"DeepL-Auth-Key {self.api_key}", **kwargs.pop("headers", {})}
        try:
            response = requests.request(
                method, self.api_url + path, headers=headers, timeout=self.timeout, **kwargs
            )
        except requests.RequestException as error:
            raise MachineTranslationError(
                _("DeepL could not be reached at %(url)s (%(error)s). Try again later.")
                % {"url": self.api_url, "error": type(error).__name__}
            ) from None
        if response.status_code in (200, 201, 204):
            return response
        raise MachineTranslationError(self._message(response))

    def _message(self, response):
        code = response.status_code
        if code == 403:
            return _("DeepL refused the API key (403): check DEEPL_API_KEY and DEEPL_API_URL.")
        if code == 456:
            return _("The DeepL account's character quota is used up (456).")
        if code == 429:
            return _("DeepL received too many requests (429); try again in a minute.")
        try:
            detail = response.json().get("message", "")
        except ValueError:
            detail = response.text[:200]
        return _("DeepL answered %(code)s: %(detail)s") % {"code": code, "detail": detail}

    def translate(self, texts, source_language, target_language, glossary=None):
        glossary_id = self.glossary_id(glossary, source_language) if glossary else None
        results = []
        for start in range(0, len(texts), BATCH):
            body = {
                "text": texts[start : start + BATCH],
                "source_lang": source_language.upper(),
                "target_lang": target_language.upper(),
                "tag_handling": "xml",
                "preserve_formatting": True,
            }
            if glossary_id:
                body["glossary_id"] = glossary_id
            data = self._request("POST", "/v2/translate", json=body).json()
            results.extend(item["text"] for item in data.get("translations", []))
        if len(results) != len(texts):
            raise MachineTranslationError(
                _("DeepL returned %(got)s translations for %(sent)s texts.")
                % {"got": len(results), "sent": len(texts)}
            )
        return results

    def glossary_id(self, glossary, source_language):
        """DeepL's id of ``glossary``, made (again) when its terms changed; None if empty."""
        entries = glossary.entries()
        if not entries:
            return None
        tsv = "\n".join(f"{_clean(source)}\t{_clean(target)}" for source, target in entries)
        digest = hashlib.sha256(tsv.encode("utf-8")).hexdigest()
        if glossary.provider_glossary_id and glossary.provider_digest == digest:
            return glossary.provider_glossary_id
        if glossary.provider_glossary_id:
            try:
                self._request("DELETE", f"/v2/glossaries/{glossary.provider_glossary_id}")
            except MachineTranslationError:
                pass  # gone already, or deleted by hand; a new one replaces it anyway
        created = self._request(
            "POST",
            "/v2/glossaries",
            json={
                "name": f"help-center-{source_language}-{glossary.target_language}",
                "source_lang": source_language,
                "target_lang": glossary.target_language,
                "entries": tsv,
                "entries_format": "tsv",
            },
        ).json()
        glossary.provider_glossary_id = created["glossary_id"]
        glossary.provider_digest = digest
        glossary.save(update_fields=["provider_glossary_id", "provider_digest"])
        return glossary.provider_glossary_id


def _clean(term):
    return " ".join(term.split())
