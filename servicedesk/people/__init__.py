"""Who is whose manager: the client's people directory (DESIGN.md step 4's hierarchical escalations, approvals).

One directory per client, in the client's own database: everyone the client's CSV file or LDAP/Active Directory
names, with their e-mail address (the key a chat user is matched on, as the doors verify it), name, language,
the chat ids they are known under, and the e-mail address of their manager. `service` answers the questions
the use cases ask (`person_by_email`, `person_by_user`, `manager_of`); `importing` fills it.
"""
