// The access sections of the settings page (web/settings_page.cc): its users
// (web/user_settings.cc) and its API keys (web/api_key_settings.cc), each
// with its form actions. The rules are security::AccessService's; these
// files turn a refused form into the page again with a catalogue message
// (422) and a success into a redirect (303) or the page with the new key.
#pragma once

#include <string>
#include <vector>

#include "security/access_service.h"
#include "web/page.h"

namespace beleving::web {

// The users table with the new-user form.
std::string UserSection(const Ctx& c, const std::vector<security::UserView>& users,
                        const Names& names);
// The keys table with the new-key form.
std::string ApiKeySection(const Ctx& c, const std::vector<security::ApiKeyView>& keys);
// POST /settings/api-keys and /settings/api-keys/{id}/revoke.
void RegisterApiKeySettings(api::App& app);

}  // namespace beleving::web
