#include "capture/dimensions.h"

#include <algorithm>

#include "capture/attributes.h"
#include "store/access_store.h"
#include "store/org_store.h"

namespace beleving::capture {
namespace {

using store::DimensionSpec;
using store::FieldKind;

Status MayRead(const security::Principal& who, const DimensionSpec& spec) {
  if (spec.personal ? !who.CanManage() : !who.CanRead()) {
    return PermissionDenied("your role may not read " + spec.resource);
  }
  return Status::Ok();
}

Status MayWrite(const security::Principal& who, const DimensionSpec& spec) {
  if (!who.CanManage()) return PermissionDenied("your role may not change " + spec.resource);
  return Status::Ok();
}

bool HasAttributes(const DimensionInput& in) {
  return !in.attributes.empty() || in.apply_to_history;
}

Status AttributesAllowed(const DimensionSpec& spec, const DimensionInput& in) {
  if (HasAttributes(in) && spec.resource != "customers") {
    return InvalidArgument("only customers carry attributes", "/attributes");
  }
  return Status::Ok();
}

// The item's attribute changes inside its write (customers only).
Result<int64_t> WriteAttributes(store::SqlConn& c, const store::TenantScope& t, int64_t id,
                                const DimensionInput& in, UnixSeconds now) {
  if (!HasAttributes(in)) return int64_t{0};
  return ChangeAttributes(c, t, {id, in.attributes, in.apply_to_history}, now);
}

// One @ with text before it, a dot after it, no spaces (kEmailPattern).
bool LooksLikeEmail(const std::string& s) {
  auto at = s.find('@');
  return at != std::string::npos && at > 0 && s.find('@', at + 1) == std::string::npos &&
         s.find('.', at) != std::string::npos && s.find(' ') == std::string::npos;
}

Result<DimensionView> ViewOf(store::SqlConn& c, const store::TenantScope& t,
                             const DimensionSpec& spec, const store::DimensionItem& it) {
  DimensionView v{it.id, it.key, it.name, {}, it.created_at};
  for (const auto& f : spec.fields) {
    const store::SqlValue& val = it.values.at(f.name);
    FieldInput out;
    if (val.is_null()) {
      out = std::monostate{};
    } else if (f.kind == FieldKind::kRef) {
      ASSIGN_OR_RETURN(std::string key, store::DimensionStore::KeyOf(c, t, f.ref, val.as_int()));
      out = key;
    } else if (f.kind == FieldKind::kBool) {
      out = val.as_int() != 0;
    } else {
      out = val.as_text();
    }
    v.fields.emplace_back(f.name, std::move(out));
  }
  return v;
}

// Checks and converts the given fields to stored values (refs to ids).
Status Decode(store::SqlConn& c, const store::TenantScope& t, const DimensionSpec& spec,
              const std::map<std::string, FieldInput>& in,
              std::map<std::string, store::SqlValue>* out) {
  for (const auto& [name, value] : in) {
    auto field = std::find_if(spec.fields.begin(), spec.fields.end(),
                              [&](const store::DimensionField& f) { return f.name == name; });
    std::string ptr = "/" + name;
    if (field == spec.fields.end()) return InvalidArgument("unknown field " + name, ptr);
    if (std::holds_alternative<std::monostate>(value)) {
      (*out)[name] = nullptr;
      continue;
    }
    if (field->kind == FieldKind::kBool) {
      if (!std::holds_alternative<bool>(value)) {
        return InvalidArgument(name + " must be true or false", ptr);
      }
      (*out)[name] = std::get<bool>(value);
      continue;
    }
    if (!std::holds_alternative<std::string>(value)) {
      return InvalidArgument(name + " must be a string", ptr);
    }
    const std::string& s = std::get<std::string>(value);
    switch (field->kind) {
      case FieldKind::kEnum:
        if (std::find(field->allowed.begin(), field->allowed.end(), s) == field->allowed.end()) {
          std::string list;
          for (const auto& a : field->allowed) list += (list.empty() ? "" : ", ") + a;
          return InvalidArgument(name + " must be one of " + list, ptr);
        }
        (*out)[name] = s;
        break;
      case FieldKind::kRef: {
        ASSIGN_OR_RETURN(
            auto id, store::DimensionStore::IdByKey(c, t, *store::FindDimension(field->ref), s));
        if (!id) {
          return InvalidArgument(
              "no " + field->ref.substr(0, field->ref.size() - 1) + " with key '" + s + "'", ptr);
        }
        (*out)[name] = *id;
        break;
      }
      default:
        if (s.size() > field->max_len) {
          return InvalidArgument(name + " is longer than " + std::to_string(field->max_len), ptr);
        }
        if (field->kind == FieldKind::kEmail && !LooksLikeEmail(s)) {
          return InvalidArgument(name + " must be an e-mail address", ptr);
        }
        if (field->kind == FieldKind::kPhone &&
            s.find_first_not_of("+0123456789 -()") != std::string::npos) {
          return InvalidArgument(name + " must be a phone number", ptr);
        }
        (*out)[name] = s;
    }
  }
  return Status::Ok();
}

Status CheckName(const std::optional<std::string>& name) {
  if (name && (name->empty() || name->size() > 200)) {
    return InvalidArgument("name must be 1-200 bytes", "/name");
  }
  return Status::Ok();
}

std::string Subject(const DimensionSpec& spec, int64_t id) {
  return spec.singular + ":" + std::to_string(id);
}

}  // namespace

Result<DimensionPageView> Dimensions::List(const security::Principal& who,
                                           const DimensionSpec& spec, int64_t after, int limit,
                                           const std::optional<std::string>& key) {
  RETURN_IF_ERROR(MayRead(who, spec));
  std::map<std::string, store::SqlValue> filters;
  if (key) filters["key"] = *key;
  DimensionPageView out;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto page,
                     store::DimensionStore::List(c, who.tenant, spec, after, limit, filters));
    for (const auto& it : page.items) {
      ASSIGN_OR_RETURN(auto v, ViewOf(c, who.tenant, spec, it));
      out.items.push_back(std::move(v));
    }
    out.next_after = page.next_after;
    return Status::Ok();
  }));
  if (spec.personal) {
    const UnixSeconds now = clock_.Now();
    RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) {
      return store::AccessStore::Audit(c, who.tenant.org_id(), who.actor(), "list", spec.resource,
                                       now);
    }));
  }
  return out;
}

Result<DimensionView> Dimensions::Get(const security::Principal& who, const DimensionSpec& spec,
                                      int64_t id) {
  RETURN_IF_ERROR(MayRead(who, spec));
  std::optional<DimensionView> out;
  RETURN_IF_ERROR(db_.Read([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(auto it, store::DimensionStore::Get(c, who.tenant, spec, id));
    if (it) {
      ASSIGN_OR_RETURN(out, ViewOf(c, who.tenant, spec, *it));
    }
    return Status::Ok();
  }));
  if (!out) return NotFound("no such " + spec.singular);
  if (spec.personal) {
    const UnixSeconds now = clock_.Now();
    RETURN_IF_ERROR(db_.Write([&](store::SqlConn& c) {
      return store::AccessStore::Audit(c, who.tenant.org_id(), who.actor(), "read",
                                       Subject(spec, id), now);
    }));
  }
  return *out;
}

Result<DimensionView> Dimensions::Create(const security::Principal& who, const DimensionSpec& spec,
                                         const DimensionInput& in) {
  RETURN_IF_ERROR(MayWrite(who, spec));
  if (!in.key || !store::IsValidKey(*in.key)) {
    return InvalidArgument("key is required: 1-200 printable bytes", "/key");
  }
  RETURN_IF_ERROR(CheckName(in.name));
  RETURN_IF_ERROR(AttributesAllowed(spec, in));
  DimensionView out;
  const UnixSeconds now = clock_.Now();
  RETURN_IF_ERROR(
      WriteAndRefresh(db_, engine_, who.tenant, [&](store::SqlConn& c) -> Result<int64_t> {
        store::DimensionItem item;
        item.key = *in.key;
        item.name = in.name.value_or(*in.key);
        RETURN_IF_ERROR(Decode(c, who.tenant, spec, in.fields, &item.values));
        ASSIGN_OR_RETURN(int64_t id, store::DimensionStore::Insert(c, who.tenant, spec, item, now));
        ASSIGN_OR_RETURN(int64_t rewritten, WriteAttributes(c, who.tenant, id, in, now));
        ASSIGN_OR_RETURN(auto stored, store::DimensionStore::Get(c, who.tenant, spec, id));
        ASSIGN_OR_RETURN(out, ViewOf(c, who.tenant, spec, *stored));
        RETURN_IF_ERROR(store::AccessStore::Audit(c, who.tenant.org_id(), who.actor(), "create",
                                                  Subject(spec, id), now));
        return rewritten;
      }).status());
  return out;
}

Result<DimensionView> Dimensions::Update(const security::Principal& who, const DimensionSpec& spec,
                                         int64_t id, const DimensionInput& in) {
  RETURN_IF_ERROR(MayWrite(who, spec));
  if (in.key) return InvalidArgument("the key of an item does not change", "/key");
  RETURN_IF_ERROR(CheckName(in.name));
  RETURN_IF_ERROR(AttributesAllowed(spec, in));
  DimensionView out;
  const UnixSeconds now = clock_.Now();
  RETURN_IF_ERROR(
      WriteAndRefresh(db_, engine_, who.tenant, [&](store::SqlConn& c) -> Result<int64_t> {
        std::map<std::string, store::SqlValue> values;
        RETURN_IF_ERROR(Decode(c, who.tenant, spec, in.fields, &values));
        ASSIGN_OR_RETURN(bool found,
                         store::DimensionStore::Update(c, who.tenant, spec, id, in.name, values));
        if (!found) return NotFound("no such " + spec.singular);
        ASSIGN_OR_RETURN(int64_t rewritten, WriteAttributes(c, who.tenant, id, in, now));
        ASSIGN_OR_RETURN(auto stored, store::DimensionStore::Get(c, who.tenant, spec, id));
        ASSIGN_OR_RETURN(out, ViewOf(c, who.tenant, spec, *stored));
        RETURN_IF_ERROR(store::AccessStore::Audit(c, who.tenant.org_id(), who.actor(), "update",
                                                  Subject(spec, id), now));
        return rewritten;
      }).status());
  return out;
}

Status Dimensions::Delete(const security::Principal& who, const DimensionSpec& spec, int64_t id) {
  RETURN_IF_ERROR(MayWrite(who, spec));
  const UnixSeconds now = clock_.Now();
  return db_.Write([&](store::SqlConn& c) -> Status {
    ASSIGN_OR_RETURN(bool found, store::DimensionStore::Delete(c, who.tenant, spec, id));
    if (!found) return NotFound("no such " + spec.singular);
    return store::AccessStore::Audit(c, who.tenant.org_id(), who.actor(), "delete",
                                     Subject(spec, id), now);
  });
}

}  // namespace beleving::capture
