#include "model/till_name.hpp"

#include "counter/stock.hpp"

namespace ui {

namespace {

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(' ');
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(' ') - first + 1);
}

}  // namespace

void TillName::restore(const std::optional<std::string>& kept) {
  name_ = kept.value_or("");
  if (!kept) edit();  // never asked
  ++revision_;
}

bool TillName::valid() const {
  const std::string name = trimmed(text_);
  return name.empty() || counter::is_till_name(name);
}

void TillName::edit() {
  editing_ = true;
  text_ = name_;
  ++revision_;
}

void TillName::set_text(std::string text) {
  if (text == text_) return;
  text_ = std::move(text);
  ++revision_;
}

void TillName::cancel() {
  if (!editing_) return;
  editing_ = false;
  save_(name_);  // asked: from now on the answer is the name as it was
  ++revision_;
}

void TillName::save() {
  if (!editing_ || !valid()) return;
  name_ = trimmed(text_);
  editing_ = false;
  save_(name_);
  ++revision_;
}

}  // namespace ui
