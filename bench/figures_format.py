"""Numbers to table cells for bench/figures.py: medians and ranges over runs, times in a readable
unit, ratios with their range, and targets judged from the data (MET / NOT MET)."""
import statistics

NOT_INSTALLED = "not installed"


def present(values):
    """The values of the runs that measured something (None and NaN left out)."""
    return [v for v in values if v is not None and v == v]


def median(values):
    """Median over the runs that measured something, or None when none did."""
    values = present(values)
    return statistics.median(values) if values else None


def time_text(seconds):
    """A duration with three significant digits in the unit that suits it: 234 ns, 1.29 µs,
    0.490 ms is written 490 µs, 4.02 ms, 347 ms, 1.10 s."""
    if seconds is None:
        return "-"
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9)):
        if seconds >= scale or unit == "ns":
            return "%s %s" % (significant(seconds / scale), unit)


def significant(value):
    """Three significant digits without exponent notation: 1.29, 12.9, 129, 1290."""
    if value >= 100:
        return "%.0f" % value
    if value >= 10:
        return "%.1f" % value
    return "%.2f" % value


def times(values, scale=1.0):
    """Median time over runs (values in units of `scale` seconds), with the range when it moves:
    `4.02 ms (3.60–4.40)`, the unit written once when the three share it."""
    values = present(values)
    if not values:
        return "-"
    values = [v * scale for v in values]
    text = time_text(statistics.median(values))
    low, high = time_text(min(values)), time_text(max(values))
    if len(values) == 1 or low == high:
        return text
    unit = text.split()[1]
    if low.split()[1] == unit and high.split()[1] == unit:
        low, high = low.split()[0], high.split()[0]
    return "%s (%s–%s)" % (text, low, high)


def ratio_text(value):
    """A ratio with three significant digits, two below 0.1 (0.087, not 0.09 or 0.00)."""
    return "%.2g" % value if value < 0.1 else significant(value)


def ratio(values):
    """The median of the runs' own ratios, with their range over the runs when it moves."""
    values = present(values)
    if not values:
        return "-"
    text = ratio_text(statistics.median(values))
    low, high = ratio_text(min(values)), ratio_text(max(values))
    return text if len(values) == 1 or low == high else "%s (%s–%s)" % (text, low, high)


def speed(values, what=""):
    """A ratio reference / symdiff told as `2.30x faster` or `2.30x slower`, with its range over
    runs in the same direction: `2.30x slower (1.90–2.60) than parse + diff`."""
    values = present(values)
    if not values:
        return "-"
    faster = statistics.median(values) >= 1
    shown = values if faster else [1 / v for v in values]
    text = "%sx %s" % (ratio_text(statistics.median(shown)), "faster" if faster else "slower")
    low, high = ratio_text(min(shown)), ratio_text(max(shown))
    if len(shown) > 1 and low != high:
        text += " (%s–%s)" % (low, high)
    return text + ((" " + what) if what else "")


def verdict(met):
    """MET / NOT MET, computed; `-` when the figure is missing."""
    if met is None:
        return "-"
    return "MET" if met else "NOT MET"


def target(value, test, text):
    """`target TEXT: MET`: whether the median `value` passes `test`, judged here."""
    return "target %s: %s" % (text, verdict(None if value is None else test(value)))


def count(n):
    """An integer with thousands separators: 54,614."""
    return "-" if n is None else "{:,}".format(int(n))


def size_bytes(n):
    """Bytes in a readable unit: 62 KB, 1.2 MB."""
    if n is None:
        return "-"
    for unit, scale in (("MB", 1e6), ("KB", 1e3)):
        if n >= scale:
            return "%s %s" % (significant(n / scale), unit)
    return "%d B" % n
