// EM_JS bodies pass through the C preprocessor: they use double quotes only.
#include "browser/sale_storage.hpp"

#include <emscripten.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <string_view>

namespace ui::storage {

namespace {

// One entry as the JS side lists it: "queued|refused <TAB> key <TAB> made_at <TAB> sale|return
// <TAB> undo <TAB> till <TAB> reason" (keys and till names hold no tab or newline), oldest first
// (as they were made; JavaScript's sort keeps the storage's order between equal times).
EM_JS(char*, js_load_queue, (), {
  var tab = String.fromCharCode(9), newline = String.fromCharCode(10);
  var lines = [];
  for (var i = 0; i < localStorage.length; i++) {
    var name = localStorage.key(i);
    var parts = name.split("/");
    if (parts.length != 3 || parts[0] != "camera-counter") continue;
    if (parts[1] != "queued" && parts[1] != "refused") continue;
    if (parts[2].length != 32) continue;
    var entry;
    try {
      entry = JSON.parse(localStorage.getItem(name));
    } catch (e) {
      continue;
    }
    if (!entry || typeof entry.madeAt != "number") continue;
    var clean = function(v) {
      return String(v || "").split(tab).join(" ").split(newline).join(" ");
    };
    lines.push([
      parts[1], parts[2], entry.madeAt, entry.kind == "return" ? "return" : "sale",
      clean(entry.undo), clean(entry.till), clean(entry.reason)
    ]);
  }
  lines.sort(function(a, b) { return a[2] - b[2]; });
  return allocateUTF8(lines.map(function(l) { return l.join(tab); }).join(newline));
});

EM_JS(void, js_put_entry,
      (const char* name, double made_at, int give_back, const char* undo, const char* till,
       const char* reason),
      {
        var entry = {madeAt : made_at};
        if (give_back) entry.kind = "return";
        var fields = {undo : undo, till : till, reason : reason};
        for (var f in fields) {
          var v = UTF8ToString(fields[f]);
          if (v) entry[f] = v;
        }
        try {
          localStorage.setItem(UTF8ToString(name), JSON.stringify(entry));
        } catch (e) {
          console.warn("camera counter: could not keep a sale in this browser", e);
        }
      });

EM_JS(void, js_remove_entry, (const char* name), { localStorage.removeItem(UTF8ToString(name)); });

EM_JS(void, js_watch_queue, (), {
  window.addEventListener(
      "storage", function(e) {
        if (e.key == null || e.key.indexOf("camera-counter/") == 0) _camera_counter_queue_changed();
      });
});

EM_JS(void, js_claim_replayer, (), {
  if (!navigator.locks) {
    _camera_counter_replayer(1);
    return;
  }
  navigator.locks.request(
      "camera-counter/replayer", function() {
        _camera_counter_replayer(1);
        return new Promise(function(){});  // held for the page's life
      });
});

EM_JS(char*, js_load_code, (),
      { return allocateUTF8(sessionStorage.getItem("camera-counter/manager-code") || ""); });

EM_JS(void, js_save_code, (const char* code), {
  var c = UTF8ToString(code);
  if (c)
    sessionStorage.setItem("camera-counter/manager-code", c);
  else
    sessionStorage.removeItem("camera-counter/manager-code");
});

EM_JS(char*, js_load_state, (),
      { return allocateUTF8(localStorage.getItem("camera-counter/last-state") || ""); });

EM_JS(void, js_save_state, (const char* json),
      { localStorage.setItem("camera-counter/last-state", UTF8ToString(json)); });

// The till's name: null (never asked) comes back as a lone newline, which no name holds.
EM_JS(char*, js_load_till, (), {
  var till = localStorage.getItem("camera-counter/till");
  return allocateUTF8(till == null ? String.fromCharCode(10) : till);
});

EM_JS(void, js_save_till, (const char* till),
      { localStorage.setItem("camera-counter/till", UTF8ToString(till)); });

EM_JS(void, js_random_hex, (char* out, int bytes), {
  var a = new Uint8Array(bytes);
  crypto.getRandomValues(a);
  var hex = "";
  for (var i = 0; i < bytes; i++) hex += (a[i] + 256).toString(16).slice(1);
  stringToUTF8(hex, out, bytes * 2 + 1);
});

std::string take(char* text) {
  std::string s(text);
  std::free(text);
  return s;
}

std::function<void()> g_on_change;
std::function<void(bool)> g_on_role;

// The storage's entries as last loaded or saved by this tab, by name (a refusal's reason).
std::map<std::string, std::string> g_saved;

std::string entry_name(const char* kind, const std::string& key) {
  return std::string("camera-counter/") + kind + "/" + key;
}

// The next `separator`-ended field of `text`, consumed.
std::string_view field(std::string_view& text, char separator) {
  const auto end = std::min(text.find(separator), text.size());
  const auto value = text.substr(0, end);
  text.remove_prefix(std::min(end + 1, text.size()));
  return value;
}

}  // namespace

SavedQueue load_queue() {
  SavedQueue saved;
  g_saved.clear();
  const std::string listing = take(js_load_queue());
  std::string_view rest = listing;
  while (!rest.empty()) {
    std::string_view line = field(rest, '\n');
    const std::string list(field(line, '\t')), key(field(line, '\t'));
    QueuedSale entry{key, std::atof(std::string(field(line, '\t')).c_str())};
    entry.give_back = field(line, '\t') == "return";
    entry.undo = field(line, '\t');
    entry.till = field(line, '\t');
    const std::string reason(line);
    if (list == "queued")
      saved.queued.push_back(entry);
    else
      saved.refused.push_back({key, entry.made_at_ms, reason});
    g_saved[entry_name(list.c_str(), key)] = reason;
  }
  return saved;
}

void save_queue(const std::vector<QueuedSale>& queued, const std::vector<RefusedSale>& refused) {
  // An entry never changes under its name: only what is new is written, what is gone removed.
  std::map<std::string, std::string> now;
  for (const auto& s : queued) {
    const std::string name = entry_name("queued", s.key);
    now[name] = "";
    if (!g_saved.count(name))
      js_put_entry(name.c_str(), s.made_at_ms, s.give_back, s.undo.c_str(), s.till.c_str(), "");
  }
  for (const auto& s : refused) {
    const std::string name = entry_name("refused", s.key);
    now[name] = s.reason;
    if (!g_saved.count(name)) js_put_entry(name.c_str(), s.made_at_ms, 0, "", "", s.reason.c_str());
  }
  for (const auto& [name, reason] : g_saved)
    if (!now.count(name)) js_remove_entry(name.c_str());
  g_saved = std::move(now);
}

void watch_queue(std::function<void()> on_change) {
  g_on_change = std::move(on_change);
  js_watch_queue();
}

void claim_replayer(std::function<void(bool)> on_role) {
  g_on_role = std::move(on_role);
  js_claim_replayer();
}

std::string load_manager_code() {
  return take(js_load_code());
}

void save_manager_code(const std::string& code) {
  js_save_code(code.c_str());
}

std::optional<counter::CounterState> load_last_state() {
  auto decoded = counter::decode_counter_state(take(js_load_state()));
  if (const auto* state = std::get_if<counter::CounterState>(&decoded)) return *state;
  return std::nullopt;  // none yet, or not one this version reads
}

void save_last_state(const counter::CounterState& state) {
  js_save_state(counter::to_json(state).c_str());
}

std::optional<std::string> load_till() {
  std::string till = take(js_load_till());
  if (till == "\n") return std::nullopt;
  return till;
}

void save_till(const std::string& till) {
  js_save_till(till.c_str());
}

std::string new_key() {
  char hex[33];
  js_random_hex(hex, 16);
  return hex;
}

}  // namespace ui::storage

extern "C" EMSCRIPTEN_KEEPALIVE void camera_counter_queue_changed() {
  if (ui::storage::g_on_change) ui::storage::g_on_change();
}

extern "C" EMSCRIPTEN_KEEPALIVE void camera_counter_replayer(int held) {
  if (ui::storage::g_on_role) ui::storage::g_on_role(held != 0);
}
