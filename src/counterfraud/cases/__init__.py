"""Cases and victims: the pure core of the work of officers who help victims and
close cases. No I/O: the store, services and API layers build on these types.

``states`` holds the lifecycles as data, ``model`` the case and its tasks,
``victims``, ``requests`` and ``suspects`` the records attached to a case,
``templates`` the task lists per scam type and ``freeze`` the rules of who may ask
whom to freeze an account.
"""
