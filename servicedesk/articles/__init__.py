"""The KB articles editors write in the console's studio: their versions, drafts from resolved tickets and from
users' questions, and how often level 1 proposed each (issue 15). The client's KB indexes what is published."""
