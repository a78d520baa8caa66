// How the loop's pages word what the loop services answer: statuses, case
// types, severities, channels, events, SLA states, actors, case titles and
// case log entries, all from the language catalogue (resources/i18n/
// loop.tsv), in the reader's language. Shared by the case, promise and
// settings pages; a page never shows a raw code, key or id.
#pragma once

#include <string>
#include <string_view>

#include "loop/actors.h"
#include "loop/case_service.h"
#include "loop/sla.h"
#include "web/page.h"

namespace beleving::web {

// "ontvangen" / "received": the catalogue's loop.case.status.STATUS.
std::string CaseStatusText(const Ctx& c, std::string_view status);
// loop.case.type.TYPE, loop.case.severity.SEVERITY, loop.contact.CHANNEL,
// loop.event.EVENT, loop.sla.state.STATE, loop.promise.status.STATUS.
std::string CaseTypeText(const Ctx& c, std::string_view type);
std::string SeverityText(const Ctx& c, std::string_view severity);
std::string ChannelText(const Ctx& c, std::string_view channel);
std::string EventText(const Ctx& c, std::string_view event);
std::string TimerStateText(const Ctx& c, loop::TimerState state);
std::string PromiseStatusText(const Ctx& c, std::string_view status);
// "over tijd" / "overdue": a promise's state (loop::PromiseStateName).
std::string PromiseStateText(const Ctx& c, std::string_view state);

// "Anna de Vries", "anna (beheer)", "systeem", "klant".
std::string ActorText(const Ctx& c, const loop::Actor& who);
// An automatic case's title worded from its facts ("Teleurstelling: NPS 7
// na 10 · Hanna de Vries"); a manual case's title as written.
std::string CaseTitle(const Ctx& c, const loop::CaseView& v);
// The kind of a log entry ("Status", "Notitie") and what it says
// ("ontvangen → bevestigd", "Eigenaar: Hanna de Vries").
std::string LogKindText(const Ctx& c, std::string_view kind);
std::string LogEntryText(const Ctx& c, const loop::CaseLogEntry& e);

// A form the loop refused: InvalidArgument and Conflict become the
// catalogue's `failed_key` text followed by the reason (the catalogue's
// loop.error.CONTEXT.FIELD when it has one, else the service's message) in
// c->form_error (true); other failures are left to StatusPage (false).
bool LoopFormError(Ctx* c, const Status& st, std::string_view failed_key, std::string_view context);

}  // namespace beleving::web
