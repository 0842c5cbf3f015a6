"""Go's ``sort.Sort``: the order kubectl leaves equal elements in.

kubectl sorts with ``sort.Sort``, which is not stable: since Go 1.19 it is pattern-defeating quicksort
(``pdqsort``), insertion sort for 12 elements or fewer. When keys tie — ``kubectl describe``'s events
with the same last time, for one — which element comes first depends on that algorithm, so this
module follows it step for step (comparisons, swaps, pivot choice and the deterministic "random"
swaps that break patterns), as Go 1.23's ``sort/zsortinterface.go`` does, to print the same order.

>>> rows = [(1, "a"), (0, "b"), (1, "c"), (0, "d")]
>>> go_sort(rows, lambda x, y: x[0] < y[0])
[(0, 'b'), (0, 'd'), (1, 'a'), (1, 'c')]
"""

from __future__ import annotations

from typing import Callable, TypeVar

T = TypeVar("T")

_MAX_INSERTION = 12          # pdqsort sorts runs this short by insertion
_SHORTEST_NINTHER = 50       # from this length the pivot is a median of medians
_MAX_SWAPS = 4 * 3           # every comparison of the pivot choice swapped: a decreasing run
_SHORTEST_SHIFTING = 50      # partialInsertionSort shifts elements only in runs this long
_MAX_STEPS = 5
_MASK64 = (1 << 64) - 1

_UNKNOWN, _INCREASING, _DECREASING = 0, 1, 2


def go_sort(items: list[T], less: Callable[[T, T], bool]) -> list[T]:
    """A new list: ``items`` ordered by ``less`` exactly as Go's ``sort.Sort`` orders them."""
    data = list(items)
    if len(data) > 1:
        _Sorter(data, less).pdqsort(0, len(data), len(data).bit_length())
    return data


class _Sorter:
    def __init__(self, data: list, less: Callable):
        self.data, self._less = data, less

    def less(self, i: int, j: int) -> bool:
        return self._less(self.data[i], self.data[j])

    def swap(self, i: int, j: int) -> None:
        self.data[i], self.data[j] = self.data[j], self.data[i]

    def insertion_sort(self, a: int, b: int) -> None:
        for i in range(a + 1, b):
            j = i
            while j > a and self.less(j, j - 1):
                self.swap(j, j - 1)
                j -= 1

    def sift_down(self, lo: int, hi: int, first: int) -> None:
        root = lo
        while True:
            child = 2 * root + 1
            if child >= hi:
                return
            if child + 1 < hi and self.less(first + child, first + child + 1):
                child += 1
            if not self.less(first + root, first + child):
                return
            self.swap(first + root, first + child)
            root = child

    def heap_sort(self, a: int, b: int) -> None:
        first, hi = a, b - a
        for i in range((hi - 1) // 2, -1, -1):
            self.sift_down(i, hi, first)
        for i in range(hi - 1, -1, -1):
            self.swap(first, first + i)
            self.sift_down(0, i, first)

    def pdqsort(self, a: int, b: int, limit: int) -> None:
        was_balanced = was_partitioned = True
        while True:
            length = b - a
            if length <= _MAX_INSERTION:
                self.insertion_sort(a, b)
                return
            if limit == 0:
                self.heap_sort(a, b)
                return
            if not was_balanced:
                self.break_patterns(a, b)
                limit -= 1
            pivot, hint = self.choose_pivot(a, b)
            if hint == _DECREASING:
                self.reverse_range(a, b)
                pivot = (b - 1) - (pivot - a)
                hint = _INCREASING
            if was_balanced and was_partitioned and hint == _INCREASING and self.partial_insertion_sort(a, b):
                return
            if a > 0 and not self.less(a - 1, pivot):
                a = self.partition_equal(a, b, pivot)
                continue
            mid, was_partitioned = self.partition(a, b, pivot)
            left, right = mid - a, b - mid
            threshold = length // 8
            if left < right:
                was_balanced = left >= threshold
                self.pdqsort(a, mid, limit)
                a = mid + 1
            else:
                was_balanced = right >= threshold
                self.pdqsort(mid + 1, b, limit)
                b = mid

    def partition(self, a: int, b: int, pivot: int) -> tuple[int, bool]:
        self.swap(a, pivot)
        i, j = a + 1, b - 1
        while i <= j and self.less(i, a):
            i += 1
        while i <= j and not self.less(j, a):
            j -= 1
        if i > j:
            self.swap(j, a)
            return j, True
        self.swap(i, j)
        i, j = i + 1, j - 1
        while True:
            while i <= j and self.less(i, a):
                i += 1
            while i <= j and not self.less(j, a):
                j -= 1
            if i > j:
                break
            self.swap(i, j)
            i, j = i + 1, j - 1
        self.swap(j, a)
        return j, False

    def partition_equal(self, a: int, b: int, pivot: int) -> int:
        self.swap(a, pivot)
        i, j = a + 1, b - 1
        while True:
            while i <= j and not self.less(a, i):
                i += 1
            while i <= j and self.less(a, j):
                j -= 1
            if i > j:
                break
            self.swap(i, j)
            i, j = i + 1, j - 1
        return i

    def partial_insertion_sort(self, a: int, b: int) -> bool:
        i = a + 1
        for _ in range(_MAX_STEPS):
            while i < b and not self.less(i, i - 1):
                i += 1
            if i == b:
                return True
            if b - a < _SHORTEST_SHIFTING:
                return False
            self.swap(i, i - 1)
            if i - a >= 2:
                for j in range(i - 1, 0, -1):
                    if not self.less(j, j - 1):
                        break
                    self.swap(j, j - 1)
            if b - i >= 2:
                for j in range(i + 1, b):
                    if not self.less(j, j - 1):
                        break
                    self.swap(j, j - 1)
        return False

    def break_patterns(self, a: int, b: int) -> None:
        length = b - a
        if length >= 8:
            state = length                              # xorshift seeded with the length
            modulus = 1 << length.bit_length()          # nextPowerOfTwo
            idx = a + (length // 4) * 2 - 1
            for k in range(3):
                state ^= (state << 13) & _MASK64
                state ^= state >> 17
                state ^= (state << 5) & _MASK64
                other = state & (modulus - 1)
                if other >= length:
                    other -= length
                self.swap(idx + k, a + other)

    def choose_pivot(self, a: int, b: int) -> tuple[int, int]:
        length = b - a
        swaps = [0]
        i, j, k = a + length // 4 * 1, a + length // 4 * 2, a + length // 4 * 3
        if length >= 8:
            if length >= _SHORTEST_NINTHER:
                i = self.median_adjacent(i, swaps)
                j = self.median_adjacent(j, swaps)
                k = self.median_adjacent(k, swaps)
            j = self.median(i, j, k, swaps)
        if swaps[0] == 0:
            return j, _INCREASING
        if swaps[0] == _MAX_SWAPS:
            return j, _DECREASING
        return j, _UNKNOWN

    def order2(self, a: int, b: int, swaps: list) -> tuple[int, int]:
        if self.less(b, a):
            swaps[0] += 1
            return b, a
        return a, b

    def median(self, a: int, b: int, c: int, swaps: list) -> int:
        a, b = self.order2(a, b, swaps)
        b, c = self.order2(b, c, swaps)
        a, b = self.order2(a, b, swaps)
        return b

    def median_adjacent(self, a: int, swaps: list) -> int:
        return self.median(a - 1, a, a + 1, swaps)

    def reverse_range(self, a: int, b: int) -> None:
        i, j = a, b - 1
        while i < j:
            self.swap(i, j)
            i, j = i + 1, j - 1
