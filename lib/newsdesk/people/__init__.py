"""People: names found in sentences, their titles, and one corpus-wide linking."""

from newsdesk.people.linking import Person, link_people
from newsdesk.people.mentions import PeopleConfig, PersonMention, find_people

__all__ = ["PeopleConfig", "Person", "PersonMention", "find_people", "link_people"]
