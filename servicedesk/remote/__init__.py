"""Hands on the user's workstation (issue 17): a remote session started through a tool the desk already runs.

    providers     the interface a remote-assistance tool implements, and the provider that needs no server
                  (the user reads a session code from Quick Assist or RustDesk and types it on our page)
    meshcentral   the MeshCentral provider: a device group per client, invitations, devices and their sessions,
                  through MeshCentral's own control websocket
    models        one row per remote session asked on a ticket, from the consent question to its end
    service       the use cases: ask, answer the consent, invite, take a code, watch the device and its sessions

Nothing reaches the user's machine before the user said yes: the agent's request only queues the question.
"""
