from django.utils.translation import gettext_lazy as _
from wagtail import blocks

BODY_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3", "blockquote"]


class SectionBlock(blocks.StructBlock):
    """One titled section of an article. Search splits articles along these sections, and on
    FAQ articles each section is one question (the heading) with its answer."""

    heading = blocks.CharBlock(max_length=200, label=_("Heading or question"))
    content = blocks.RichTextBlock(features=BODY_FEATURES, label=_("Content or answer"))

    class Meta:
        icon = "title"
        label = _("Section")
        template = "components/section_block.html"


class NoticeBlock(blocks.StructBlock):
    tone = blocks.ChoiceBlock(
        choices=[("info", _("Information")), ("warning", _("Important"))], default="info"
    )
    text = blocks.RichTextBlock(features=["bold", "italic", "link"])

    class Meta:
        icon = "warning"
        label = _("Notice")
        template = "components/notice_block.html"


class ArticleBodyBlock(blocks.StreamBlock):
    section = SectionBlock()
    notice = NoticeBlock()
