"""A reply lost to a 5xx or a dropped connection is sent once more (issue 12); a request
Telegram refuses as wrong (400) is not resent."""

from __future__ import annotations


async def test_a_reply_lost_to_a_5xx_is_sent_once_more(raqib_chat):
    raqib_chat.api.fail_next("sendMessage", 502)
    replies = await raqib_chat.send("/countdown", language_code="en")
    assert len(replies) == 1 and "left" in replies[0].lower()
    assert not raqib_chat.errors


async def test_a_second_failure_is_reported_not_looped(raqib_chat):
    raqib_chat.api.fail_next("sendMessage", 500, times=2)
    assert await raqib_chat.send("/countdown", language_code="en") == []
    assert len(raqib_chat.errors) == 1  # the error handler ran once
    assert len(await raqib_chat.send("/countdown", language_code="en")) == 1  # and serving goes on


async def test_a_bad_request_is_not_resent(raqib_chat):
    raqib_chat.api.fail_next("sendMessage", 400, "Bad Request: message text is empty")
    assert await raqib_chat.send("/countdown", language_code="en") == []
    assert len(raqib_chat.errors) == 1
    assert await raqib_chat.send("/countdown", language_code="en") != []  # the next one goes
