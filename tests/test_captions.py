"""Issue 11 item 3: a photo or video with a caption is text. An admin's forwarded captioned
post is read for the review desk; a captioned question is answered (private, or in a group when
it mentions the bot). Through the real Application."""

from __future__ import annotations

from conftest import ADMIN_ID, PRIVATE_CHAT
from test_review_flow import article_text

GROUP = -1001234567890
PHOTO = [{"file_id": "AgACphoto", "file_unique_id": "AQADphoto", "width": 90, "height": 60}]
VIDEO = {
    "file_id": "BAACvideo",
    "file_unique_id": "AQADvideo",
    "width": 640,
    "height": 360,
    "duration": 12,
}


def captioned(chat, chat_id: int, caption: str, *, media: str = "photo", **kwargs) -> dict:
    """A message with a photo or video and `caption`, as a client sends it."""
    update = chat.api.new_message(chat_id, caption, **kwargs)
    message = update["message"]
    message.pop("text")
    entities = message.pop("entities", None)
    message["caption"] = caption
    if entities:
        message["caption_entities"] = entities
    if media == "photo":
        message["photo"] = PHOTO
    else:
        message["video"] = VIDEO
    return update


async def test_a_forwarded_captioned_video_post_is_read_for_review(raqib_chat) -> None:
    chat = raqib_chat
    update = captioned(chat, ADMIN_ID, article_text(), media="video", language_code="en")
    update["message"]["forward_origin"] = {
        "type": "channel",
        "chat": {
            "id": -1009990001,
            "type": "channel",
            "title": "Rafidain News",
            "username": "rafidain_news",
        },
        "message_id": 42,
        "date": 1639036800,
    }
    replies = await chat.process(update)
    assert replies and replies[0].startswith("📥 Read"), replies
    assert not any("only read text" in r for r in replies)


async def test_a_captioned_photo_question_is_answered_in_private(raqib_chat) -> None:
    chat = raqib_chat
    replies = await chat.process(
        captioned(chat, PRIVATE_CHAT, "what did Kirby say?", language_code="en")
    )
    assert len(replies) == 1 and "Kirby" in replies[0], replies


async def test_a_captioned_photo_mentioning_the_bot_in_a_group_is_answered(raqib_chat) -> None:
    chat = raqib_chat
    update = captioned(
        chat, GROUP, "@raqib_bot what did Kirby say?", user_id=1001, language_code="en"
    )
    replies = await chat.process(update)
    assert len(replies) == 1 and "Kirby" in replies[0], replies
    # a captioned photo not meant for the bot: silence, as for text
    assert await chat.process(captioned(chat, GROUP, "look at this", user_id=1001)) == []
