#include "model/reset_dialog.hpp"

#include <algorithm>
#include <limits>

#include "counter/wire.hpp"

namespace ui {

using counter::ProblemKind;

ResetDialog::ResetDialog(std::string api_base, SaveCode save_code)
    : api_(std::move(api_base)), save_code_(std::move(save_code)) {}

bool ResetDialog::can_confirm() const {
  return open_ && !sending() && target_.has_value() && (!needs_code() || !typed_code_.empty());
}

void ResetDialog::open(std::int64_t stock) {
  open_ = true;
  notice_.clear();
  typed_code_.clear();
  set_text(std::to_string(stock));  // and the error it calls for, if any
}

void ResetDialog::cancel() {
  open_ = false;
  key_.reset();
  notice_.clear();
  ++revision_;
}

void ResetDialog::set_text(std::string text) {
  text_ = std::move(text);
  target_.reset();
  // Plain digits only, no more than the largest stock has (so no overflow).
  const bool digits =
      !text_.empty() && text_.size() <= std::to_string(counter::kMaxStock).size() &&
      std::all_of(text_.begin(), text_.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits) {
    std::int64_t value = 0;
    for (char c : text_) value = value * 10 + (c - '0');
    if (counter::is_valid_stock(value)) target_ = value;
  }
  error_ = target_ ? "" : "Enter a stock from 0 to " + std::to_string(counter::kMaxStock) + ".";
  ++revision_;
}

void ResetDialog::set_typed_code(std::string code) {
  typed_code_ = std::move(code);
  if (target_) error_.clear();  // a refused code's message; a bad stock's stays
  ++revision_;
}

void ResetDialog::set_manager_code(std::string code) {
  code_ = std::move(code);
  ++revision_;
}

std::optional<HttpRequest> ResetDialog::confirm(const std::function<std::string()>& new_key,
                                                std::string till) {
  if (!can_confirm()) {
    if (open_ && needs_code() && typed_code_.empty()) {
      error_ = "Enter the manager's code.";
      ++revision_;
    }
    return std::nullopt;
  }
  key_ = new_key();
  till_ = std::move(till);
  error_.clear();
  notice_.clear();
  ++revision_;
  return request();
}

HttpRequest ResetDialog::request() {
  attempt_.sent();
  const std::string& code = needs_code() ? typed_code_ : code_;
  return HttpRequest{Call::reset,
                     "PUT",
                     api_ + "/reset",
                     counter::to_json(counter::ResetRequest{*target_, till_}),
                     {{"Idempotency-Key", *key_}, {"Authorization", "Bearer " + code}}};
}

void ResetDialog::succeeded() {
  attempt_.answered();
  if (!key_) return;  // cancelled meanwhile
  if (needs_code()) {
    code_ = typed_code_;
    save_code_(code_);
  }
  cancel();
}

void ResetDialog::failed(const HttpResponse& response, double now_ms, double retry_ms) {
  attempt_.answered();
  if (!key_) return;  // cancelled meanwhile
  ++revision_;
  const auto kind = problem_of(response);
  if (kind == ProblemKind::forbidden || kind == ProblemKind::unauthorized) {
    code_.clear();
    save_code_(code_);
    typed_code_.clear();
    key_.reset();
    notice_.clear();
    error_ =
        kind == ProblemKind::forbidden ? "Wrong code. Try again." : "Enter the manager's code.";
    return;
  }
  if (kind == ProblemKind::idempotency_key_in_use) {
    attempt_.not_before(now_ms + kKeyInUseRetryMs);
  } else if (kind == ProblemKind::too_many_requests) {
    attempt_.not_before(now_ms + retry_after_ms(response));
  } else if (is_server_trouble(response)) {
    attempt_.not_before(now_ms + retry_ms);
  } else {
    key_.reset();
    notice_.clear();
    error_ = problem_detail(response, "The server refused the reset.");
    return;
  }
  // Sent again with the same key until the server decides: it cannot apply twice.
  notice_ = "The reset could not be confirmed yet. Trying again\xe2\x80\xa6";
}

std::optional<HttpRequest> ResetDialog::tick(double now_ms) {
  if (!key_ || !attempt_.due(now_ms)) return std::nullopt;
  return request();
}

double ResetDialog::next_tick_ms() const {
  return key_ ? attempt_.due_at() : std::numeric_limits<double>::infinity();
}

}  // namespace ui
