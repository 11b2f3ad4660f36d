//! Named-entity recogniser for newsdex (PER, LOC, ORG, MISC).
