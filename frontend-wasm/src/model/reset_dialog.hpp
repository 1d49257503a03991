// The manager's reset dialog: the stock typed, the manager's code (asked for when this tab does
// not know it, or the last one was refused), and the PUT /reset it sends, again under the same
// Idempotency-Key until the server decides.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "model/attempt.hpp"
#include "model/http_call.hpp"

namespace ui {

class ResetDialog {
 public:
  // Keeps the manager's code where the browser keeps it, whenever it changes here.
  using SaveCode = std::function<void(const std::string&)>;

  ResetDialog(std::string api_base, SaveCode save_code);

  bool is_open() const { return open_; }
  bool sending() const { return key_.has_value(); }  // a reset is unanswered (and retried)
  // The stock field as typed: what RESET sends is what it shows, however the field was left (a
  // click elsewhere, Tab, the button itself); text that is not a stock sends nothing.
  const std::string& text() const { return text_; }
  std::optional<std::int64_t> target() const { return target_; }
  bool needs_code() const { return code_.empty(); }
  const std::string& typed_code() const { return typed_code_; }  // the code field
  const std::string& manager_code() const { return code_; }      // the code this tab knows
  const std::string& error() const { return error_; }
  const std::string& notice() const { return notice_; }  // "Trying again…"
  bool can_confirm() const;
  // Changes whenever anything above does.
  std::uint64_t revision() const { return revision_; }

  void open(std::int64_t stock);
  // A reset already sent may still land; the next refresh shows what happened.
  void cancel();
  void set_text(std::string text);
  void set_typed_code(std::string code);
  // The code the browser kept (not saved back).
  void set_manager_code(std::string code);
  // The request for RESET under a key from `new_key`, or none (with the reason shown) when the
  // dialog is not complete.
  // `till`: the till it comes from, sent with it (and with its repeats).
  std::optional<HttpRequest> confirm(const std::function<std::string()>& new_key, std::string till);

  // The server accepted the reset: a typed code is this tab's from now on; the dialog closes.
  void succeeded();
  // The server did not: a wrong code, a refusal, or trouble (sent again after `retry_ms`).
  void failed(const HttpResponse& response, double now_ms, double retry_ms);

  std::optional<HttpRequest> tick(double now_ms);
  double next_tick_ms() const;

 private:
  HttpRequest request();

  std::string api_;
  SaveCode save_code_;
  bool open_ = false;
  std::string text_;
  std::optional<std::int64_t> target_;  // text_ as a valid stock
  std::optional<std::string> key_;      // set while a reset is unanswered
  std::string till_;                    // the till it was confirmed from
  Attempt attempt_;
  std::string code_;
  std::string typed_code_;
  std::string error_;
  std::string notice_;
  std::uint64_t revision_ = 0;
};

}  // namespace ui
