"""People: names found in sentences, their titles, and one corpus-wide linking."""

from newsdesk.people.linking import link_people
from newsdesk.people.mentions import PeopleConfig, find_people
from newsdesk.people.model import Person, PersonMention

__all__ = ["PeopleConfig", "Person", "PersonMention", "find_people", "link_people"]
