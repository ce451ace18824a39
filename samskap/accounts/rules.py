"""The permission vocabulary of Samskap, shared by pages, API and CLI.

Every permission takes the object it is about; the object's municipality (the tenant) decides
which of the user's roles counts. Site administrators (``is_superuser``) may do everything.
Views turn "not a member of this municipality" into 404 (see ``samskap.core.access``), so
another municipality's data never leaks, and "member without the right role" into 403.
"""

from __future__ import annotations

from typing import Any

import rules

from samskap.accounts.models import Role


def tenant_of(obj: Any) -> Any:
    """The municipality an object belongs to (the object itself for a Municipality)."""
    if obj is None:
        return None
    if obj._meta.label_lower == "municipalities.municipality":
        return obj
    if hasattr(obj, "municipality"):
        return obj.municipality
    if hasattr(obj, "cycle"):
        return obj.cycle.municipality
    if hasattr(obj, "step"):
        return obj.step.cycle.municipality
    raise TypeError(f"No municipality for {obj!r}")


def has_role(*roles: str) -> Any:
    """A predicate: the user holds one of ``roles`` in the object's municipality."""
    names = "_or_".join(roles)

    @rules.predicate(name=f"has_role_{names}")
    def predicate(user: Any, obj: Any) -> bool:
        municipality = tenant_of(obj)
        if municipality is None or not user.is_authenticated:
            return False
        return user.role_in(municipality) in roles

    return predicate


is_site_admin = rules.is_superuser
is_admin = has_role(Role.ADMIN)
is_coordinator = has_role(Role.ADMIN, Role.COORDINATOR)
is_staff_member = has_role(Role.ADMIN, Role.COORDINATOR, Role.STAFF)
is_internal = has_role(Role.ADMIN, Role.COORDINATOR, Role.STAFF, Role.POLITICIAN)
is_member = has_role(*Role.values)

# Reading
rules.add_perm("samskap.view_public", rules.always_allow)
rules.add_perm("samskap.view_internal", is_site_admin | is_internal)
rules.add_perm("samskap.view_audit_log", is_site_admin | is_staff_member)
rules.add_perm("samskap.view_members", is_site_admin | is_coordinator)
rules.add_perm("samskap.view_jobs", is_site_admin | is_staff_member)

# The cycle
rules.add_perm("samskap.manage_cycle", is_site_admin | is_coordinator)
rules.add_perm("samskap.edit_step", is_site_admin | is_staff_member)

# The municipality
rules.add_perm("samskap.edit_districts", is_site_admin | is_staff_member)
rules.add_perm("samskap.invite_members", is_site_admin | is_coordinator)
rules.add_perm("samskap.manage_members", is_site_admin | is_admin)
rules.add_perm("samskap.start_jobs", is_site_admin | is_staff_member)

# Step 1, the knowledge base (sam-kunnskaping)
is_logged_in = rules.is_authenticated
rules.add_perm("samskap.import_indicators", is_site_admin | is_staff_member)
rules.add_perm("samskap.add_local_knowledge", is_logged_in)
rules.add_perm("samskap.moderate_local_knowledge", is_site_admin | is_staff_member)
rules.add_perm("samskap.edit_gaps_and_resources", is_site_admin | is_staff_member)
rules.add_perm("samskap.edit_overview", is_site_admin | is_staff_member)
rules.add_perm("samskap.publish_overview", is_site_admin | is_coordinator)
rules.add_perm("samskap.comment_overview", is_logged_in)

# Actors and settings (the community map)
# The register of actors and settings: every member of the municipality sees it (a partner or a
# citizen only its public part, see samskap/actors/views.py); strangers and visitors do not.
rules.add_perm("samskap.view_actors", is_site_admin | is_member)
rules.add_perm("samskap.edit_actors", is_site_admin | is_staff_member)
# Set a "who is missing" nudge aside for a stated reason, or undo that (the community map).
rules.add_perm("samskap.dismiss_nudges", is_site_admin | is_staff_member)


@rules.predicate
def represents_actor(user: Any, obj: Any) -> bool:
    """The user is one of the actor's representatives (and still a member of its
    municipality: a representative who left the municipality speaks for no one)."""
    if not user.is_authenticated or obj is None or not hasattr(obj, "representatives"):
        return False
    return bool(is_member(user, obj)) and obj.representatives.filter(pk=user.pk).exists()


# One actor's own profile, resources and interests: staff, or the actor's representative.
rules.add_perm("samskap.edit_actor", is_site_admin | is_staff_member | represents_actor)


@rules.predicate
def is_author(user: Any, obj: Any) -> bool:
    """The user wrote ``obj`` (a contribution with an ``author``)."""
    return bool(user.is_authenticated and obj is not None
                and getattr(obj, "author_id", None) == user.pk)


@rules.predicate
def is_published(user: Any, obj: Any) -> bool:
    return getattr(obj, "status", None) == "published"


@rules.predicate
def awaits_its_author(user: Any, obj: Any) -> bool:
    """Still with its author: waiting for moderation or sent back for changes."""
    return getattr(obj, "status", None) in {"pending", "needs_edit"}


# A contribution is seen by everyone once published; before that (and after a rejection) only
# by its author and the municipality's staff. Its author may change it until it is moderated.
rules.add_perm("samskap.view_local_knowledge",
               is_published | is_author | is_site_admin | is_staff_member)
rules.add_perm("samskap.edit_local_knowledge", is_author & awaits_its_author)


# Community contracts (samskap.contracts) ------------------------------------------------------

@rules.predicate
def is_public_contract(user: Any, contract: Any) -> bool:
    """Active and ended contracts bind the municipality: they are public, like its decisions."""
    return getattr(contract, "status", None) in {"active", "ended"}


@rules.predicate
def represents_a_party(user: Any, contract: Any) -> bool:
    """The user speaks for one of the contract's actors, and the contract has been put to the
    parties (a draft is the municipality's working copy)."""
    if not user.is_authenticated or contract is None or contract.status == "draft":
        return False
    return bool(is_member(user, contract)) and contract.parties.filter(
        actor__representatives=user).exists()


@rules.predicate
def speaks_for_party(user: Any, party: Any) -> bool:
    """The user may act for a party: the actor's representative, or for the municipality
    itself its coordinator or administrator. Deliberately not a site administrator: accepting
    is a commitment made by someone with a role in the municipality."""
    if party is None:
        return False
    if party.actor_id is None:
        return bool(is_coordinator(user, party))
    return bool(is_member(user, party)) and bool(represents_actor(user, party.actor))


@rules.predicate
def speaks_for_contributor(user: Any, contribution: Any) -> bool:
    return contribution is not None and bool(speaks_for_party(user, contribution.party))


rules.add_perm("samskap.edit_contracts", is_site_admin | is_staff_member)
rules.add_perm("samskap.view_contract",
               is_public_contract | is_site_admin | is_internal | represents_a_party)
rules.add_perm("samskap.accept_contract", speaks_for_party)
rules.add_perm("samskap.leave_contract", speaks_for_party | is_site_admin | is_staff_member)
rules.add_perm("samskap.update_contribution",
               speaks_for_contributor | is_site_admin | is_staff_member)


# Conversations (samskap.conversations) ---------------------------------------------------------

@rules.predicate
def is_published_conversation(user: Any, conversation: Any) -> bool:
    """A conversation is public once its process is (every state but draft)."""
    process = getattr(conversation, "process", None)
    return process is not None and process.state != "draft"


rules.add_perm("samskap.view_conversation",
               is_published_conversation | is_site_admin | is_internal)
rules.add_perm("samskap.manage_conversations", is_site_admin | is_staff_member)
rules.add_perm("samskap.moderate_statements", is_site_admin | is_staff_member)
rules.add_perm("samskap.export_conversation", is_site_admin | is_staff_member)


# Co-creation processes (samskap.processes) -------------------------------------------------------

@rules.predicate
def is_published_process(user: Any, process: Any) -> bool:
    """A process is public once it leaves draft (open, analysing, concluded, closed)."""
    return getattr(process, "state", "draft") != "draft"


rules.add_perm("samskap.view_process", is_published_process | is_site_admin | is_internal)
rules.add_perm("samskap.manage_processes", is_site_admin | is_staff_member)


# “You said, we did” and the value of co-creation (samskap.responses) ----------------------------

@rules.predicate
def takes_part_in_process(user: Any, process: Any) -> bool:
    """The user gave one of the process's inputs, or follows it."""
    if not user.is_authenticated or process is None:
        return False
    return bool(process.inputs.filter(author=user).exists()
                or process.follows.filter(user=user, withdrawn_at__isnull=True).exists())


# Staff answer the inputs of a process (object: the process).
rules.add_perm("samskap.respond_to_inputs", is_site_admin | is_staff_member)
# Anyone signed in may follow a published process (and so consent to e-mail about it).
rules.add_perm("samskap.follow_process", is_logged_in & is_published_process)
# The municipality's staff and the process's participants assess its value. Views check it
# with rules.has_perm, so the site admin's everything-goes does not add an answer.
rules.add_perm("samskap.assess_process", is_staff_member | takes_part_in_process)
