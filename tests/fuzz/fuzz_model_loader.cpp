// libFuzzer harness: the model loader, validation and the canonical writer.
// Any text must load without crashing; a model that loads must survive a
// round trip through the writer unchanged (write, read, write: same bytes).
#include <cqrs/model/modeljson.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    for (const bool lenient : {false, true}) {
        cqrs::ModelLoadOptions options;
        options.keepInvalid = lenient;
        const cqrs::ModelLoadResult loaded = cqrs::parseModel(text, options);
        if (!loaded.ok())
            continue;
        const std::string first = cqrs::serializeModel(*loaded.model);
        const cqrs::ModelLoadResult again = cqrs::parseModel(first, options);
        if (!again.ok())
            std::abort(); // the writer wrote something its own loader refuses
        if (cqrs::serializeModel(*again.model) != first)
            std::abort(); // the canonical form is not a fixed point
    }
    return 0;
}
