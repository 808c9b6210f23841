"""schema.org data on article pages, checked against the schema.org vocabulary as Google's
schema-dts types describe it (TypeScript's compiler rejects an unknown type or property)."""

import json
import re
import subprocess
import tempfile
from pathlib import Path

from kb.models import ArticleKind
from tests.conftest import require
from tests.factories import publish, sections

BASE = "http://testserver"
NODE_MODULES = Path(__file__).resolve().parents[1] / "browser" / "node_modules"
TSC = NODE_MODULES / ".bin" / "tsc"


def structured_data(client, url):
    html = client.get(url).content.decode()
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1)) if match else None


def test_each_kind_of_article_gets_its_schema(client, help_center):
    assert structured_data(client, "/en/returns/returning-an-item/")["@type"] == "FAQPage"
    assert structured_data(client, "/en/shipping/delivery-times/") is None  # a shipping page

    article = help_center.german_only
    article.kind = ArticleKind.HOWTO
    article.body_en = sections(
        ("Pack the item", "Use the original box."), ("Drop it off", "At any post office.")
    )
    publish(article)
    data = structured_data(client, "/en/shipping/delivery-times/")
    assert data["@type"] == "HowTo" and data["name"] == "Delivery times"
    assert [(s["position"], s["name"], s["text"], s["url"]) for s in data["step"]] == [
        (
            1,
            "Pack the item",
            "Use the original box.",
            f"{BASE}/en/shipping/delivery-times/#pack-the-item",
        ),
        (
            2,
            "Drop it off",
            "At any post office.",
            f"{BASE}/en/shipping/delivery-times/#drop-it-off",
        ),
    ]

    article.kind = ArticleKind.SHIPPING
    article.title_en = "When will my parcel arrive?"
    publish(article)
    data = structured_data(client, "/en/shipping/delivery-times/")
    assert data["@type"] == "QAPage"
    assert data["mainEntity"]["name"] == "When will my parcel arrive?"
    assert data["mainEntity"]["acceptedAnswer"]["text"].startswith(
        "Pack the item\nUse the original box."
    )


def test_structured_data_is_valid_schema_org(client, help_center):
    require(TSC.exists(), "TypeScript and schema-dts (npm ci --prefix tests/browser)")
    article = help_center.german_only
    pages = {"FAQPage": structured_data(client, "/en/returns/returning-an-item/")}
    article.kind = ArticleKind.HOWTO
    publish(article)
    pages["HowTo"] = structured_data(client, "/en/shipping/delivery-times/")
    article.kind, article.title_en = ArticleKind.SHIPPING, "When will my parcel arrive?"
    publish(article)
    pages["QAPage"] = structured_data(client, "/en/shipping/delivery-times/")
    assert all(pages.values())
    source = 'import type { WithContext, FAQPage, HowTo, QAPage } from "schema-dts";\n' + "".join(
        f"export const {kind.lower()}: WithContext<{kind}> = {json.dumps(data)};\n"
        for kind, data in pages.items()
    )
    broken = source.replace('"name"', '"nmae"', 1)
    with tempfile.TemporaryDirectory(dir=NODE_MODULES.parent) as folder:
        for name, text in (("valid.ts", source), ("broken.ts", broken)):
            (Path(folder) / name).write_text(text, encoding="utf-8")
        checks = {
            name: subprocess.run(
                [str(TSC), "--noEmit", "--strict", "--skipLibCheck", "--module", "esnext",
                 "--moduleResolution", "bundler", name],
                cwd=folder, capture_output=True, text=True, timeout=120,
            )
            for name in ("valid.ts", "broken.ts")
        }  # fmt: skip
    assert checks["valid.ts"].returncode == 0, checks["valid.ts"].stdout
    # The check can fail: a misspelt property is caught.
    assert checks["broken.ts"].returncode != 0 and "nmae" in checks["broken.ts"].stdout
