// The invitation and reminder e-mails, Dutch and English, from the templates
// under resources/ask/ ({purpose}_{lang}.txt: a "Subject: ..." line, a blank
// line, then the body, with {{org}}, {{name}}, {{link}}, {{unsubscribe}} and
// {{expires}} filled in).
#pragma once

#include <map>
#include <string>

#include "core/status.h"

namespace beleving::survey {

struct MailText {
  std::string subject;
  std::string body;
};

// `purpose`: "invite" or "reminder"; `lang`: "nl" or "en" (others fall back
// to Dutch). Unknown placeholders stay as they are.
Result<MailText> RenderMail(const std::string& purpose, const std::string& lang,
                            const std::map<std::string, std::string>& vars);

}  // namespace beleving::survey
