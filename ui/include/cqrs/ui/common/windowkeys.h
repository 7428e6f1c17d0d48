#pragma once

class QWidget;

namespace cqrs {

/// Lets the platform's Close keys (Ctrl+W, Ctrl+F4 on Linux) close `window`,
/// a top-level window of its own such as Compare or a recorded run: without a
/// menu bar it has no File > Close to carry them. The keys act while the
/// window or any of its children has the focus.
void closeWithKeys(QWidget *window);

} // namespace cqrs
