// The name of this screen's till ("Front desk"): asked once, changeable in Settings, kept in the
// browser. Every change this screen sends carries it, so the history tells the tills apart.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace ui {

class TillName {
 public:
  using Save = std::function<void(const std::string&)>;  // "" when none is given

  explicit TillName(Save save) : save_(std::move(save)) {}

  // What the browser kept: a name, "" (asked, none given), or nothing (never asked: the dialog
  // opens, once).
  void restore(const std::optional<std::string>& kept);
  const std::string& name() const { return name_; }

  // ---- the dialog
  bool editing() const { return editing_; }
  const std::string& text() const { return text_; }
  bool valid() const;  // empty (no name), or a till's name once trimmed
  void edit();
  void set_text(std::string text);
  void cancel();  // keeps the name; when it was asked, none is given
  void save();    // when valid()

  std::uint64_t revision() const { return revision_; }

 private:
  Save save_;
  std::string name_;
  std::string text_;
  bool editing_ = false;
  std::uint64_t revision_ = 0;
};

}  // namespace ui
