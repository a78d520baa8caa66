#include "survey/mail_template.h"

#include "core/resources.h"

namespace beleving::survey {

Result<MailText> RenderMail(const std::string& purpose, const std::string& lang,
                            const std::map<std::string, std::string>& vars) {
  if (purpose != "invite" && purpose != "reminder") {
    return InvalidArgument("unknown mail purpose " + purpose);
  }
  std::string l = lang == "en" ? "en" : "nl";
  auto res = resources::Find("ask/" + purpose + "_" + l + ".txt");
  if (!res) return Internal("missing mail template ask/" + purpose + "_" + l + ".txt");
  std::string text(*res);
  for (const auto& [k, v] : vars) {
    std::string ph = "{{" + k + "}}";
    for (size_t pos = 0; (pos = text.find(ph, pos)) != std::string::npos; pos += v.size()) {
      text.replace(pos, ph.size(), v);
    }
  }
  MailText out;
  const std::string prefix = "Subject: ";
  size_t nl = text.find('\n');
  if (text.rfind(prefix, 0) != 0 || nl == std::string::npos) {
    return Internal("mail template has no Subject line");
  }
  out.subject = text.substr(prefix.size(), nl - prefix.size());
  size_t body = nl + 1;
  while (body < text.size() && text[body] == '\n') ++body;
  out.body = text.substr(body);
  return out;
}

}  // namespace beleving::survey
