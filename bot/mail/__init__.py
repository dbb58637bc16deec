"""The e-mail door (issue 16): outbox rows whose recipient is an e-mail address go out over SMTP (outlet), and
replies to a ticket's mail come back through an SMTP endpoint of our own (inbound) onto the ticket's log.

    tags      the signed ticket references a mail carries: thread ids (Message-ID, References) and reply addresses
    compose   a notice as a multipart message (plain text and HTML) in its reader's language, threaded per ticket
    outlet    the SMTP client the delivery loop sends through (aiosmtplib, STARTTLS and login from the environment)
    replies   a reply's own words, its quoted history and signature stripped (mail-parser-reply)
    inbound   the SMTP endpoint (aiosmtpd) the desk's mail server forwards replies to
"""
