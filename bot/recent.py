"""Deliveries seen lately, in memory: an unbound workspace or tenant is answered once per delivery although
nothing of it is journalled (its messages reach no client's database)."""

from collections import OrderedDict


class Recent:
    def __init__(self, size: int = 1000) -> None:
        self._keys: OrderedDict[str, None] = OrderedDict()
        self._size = size

    def first_time(self, key: str) -> bool:
        """True the first time `key` is seen; the oldest keys are forgotten past `size`."""
        if key in self._keys:
            return False
        self._keys[key] = None
        while len(self._keys) > self._size:
            self._keys.popitem(last=False)
        return True
