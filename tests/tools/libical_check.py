"""Run by the system Python (PyGObject + libical's ICalGLib, Debian's gir1.2-ical-3.0): for each
.ics path on the command line, print one line `path<TAB>ok|errors`, where errors are libical's
X-LIC-ERROR findings and its iTIP restriction check (icalrestriction_check)."""

import sys

import gi

gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib  # noqa: E402


def errors_in(component, found):
    prop = component.get_first_property(ICalGLib.PropertyKind.XLICERROR_PROPERTY)
    while prop is not None:
        found.append(prop.get_xlicerror())
        prop = component.get_next_property(ICalGLib.PropertyKind.XLICERROR_PROPERTY)
    sub = component.get_first_component(ICalGLib.ComponentKind.ANY_COMPONENT)
    while sub is not None:
        errors_in(sub, found)
        sub = component.get_next_component(ICalGLib.ComponentKind.ANY_COMPONENT)
    return found


for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as handle:
        component = ICalGLib.Component.new_from_string(handle.read())
    if component is None:
        print(f"{path}\tunparsable")
        continue
    passed = component.check_restrictions()      # adds X-LIC-ERRORs for what fails
    found = errors_in(component, [])
    print(f"{path}\t" + ("ok" if passed and not found else " | ".join(found) or "restrictions failed"))
