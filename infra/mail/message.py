"""MailMessage → email.message.EmailMessage: headers only through Address objects (D7).

Nothing is formatted into a header by hand: addresses go through
email.headerregistry.Address (which refuses anything that is not one address) and
the policy refuses CR and LF in any header value.

The subject is encoded by email.header.Header, not by the policy's folder: the policy
folds long non-ASCII text at spaces *between* encoded words, and RFC 2047 readers
(Thunderbird, Outlook, Gmail) drop whitespace between adjacent encoded words, so
«за ноябрь» read «заноябрь». Header keeps every space inside an encoded word.
"""

from __future__ import annotations

import email.policy
import email.utils
from datetime import datetime
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage

from domain.mail import MailMessage, one_line


def parse_sender(text: str) -> Address:
    """The From address of the settings (`Kabinet <noreply@kabinet.by>`), checked once."""
    if any(c in text for c in "\r\n"):
        raise ValueError("KABINET_MAIL_FROM must be one line")
    name, addr = email.utils.parseaddr(text)
    if "@" not in addr:
        raise ValueError(f"KABINET_MAIL_FROM is not an address: {text!r}")
    return Address(display_name=name, addr_spec=addr)


def build_email(message: MailMessage, sender: Address, at: datetime) -> EmailMessage:
    """The message as MIME: text body, then the attachments in order."""
    mime = EmailMessage(policy=email.policy.SMTP)
    mime["From"] = sender
    mime["To"] = tuple(Address(addr_spec=a) for a in message.recipients.ascii_addresses)
    mime.set_raw("Subject", encode_subject(one_line(message.subject, 500)))
    mime["Date"] = email.utils.format_datetime(at)
    mime["Message-ID"] = f"<{message.message_id_local}@{sender.domain}>"
    mime["Auto-Submitted"] = "auto-generated"
    mime.set_content(message.body)
    for file in message.files:
        maintype, _, subtype = file.content_type.partition("/")
        mime.add_attachment(file.data, maintype=maintype, subtype=subtype, filename=file.filename)
    return mime


def encode_subject(subject: str) -> str:
    """RFC 2047 encoded words (ASCII only, folded to 78 columns), spaces inside the words."""
    if any(c in subject for c in "\r\n"):
        raise ValueError("a subject is one line")
    return Header(subject, "utf-8", header_name="Subject").encode(linesep="\n")
