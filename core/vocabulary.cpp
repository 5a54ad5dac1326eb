#include "core/vocabulary.h"
#include "core/errors.h"

#include <algorithm>

namespace candor::core {

namespace {

// One table per concept: the words in the enum's order (value i is word i) and the
// field an unknown word is reported against. Changing a word here changes what is
// stored, so never do it without a migration.
template<class Enum>
struct Table;

template<>
struct Table<SampleStatus> {
    static constexpr const char *field = "status";
    static const std::vector<std::string> &words()
    {
        static const std::vector<std::string> w = {"received", "in-testing", "to-be-verified", "verified", "invalidated"};
        return w;
    }
};

template<>
struct Table<Confidence> {
    static constexpr const char *field = "confidence";
    static const std::vector<std::string> &words()
    {
        static const std::vector<std::string> w = {"confirmed", "probable", "uncertain"};
        return w;
    }
};

template<>
struct Table<Abundance> {
    static constexpr const char *field = "abundance";
    static const std::vector<std::string> &words()
    {
        static const std::vector<std::string> w = {"primary", "trace", "percent"};
        return w;
    }
};

template<>
struct Table<AlertSeverity> {
    static constexpr const char *field = "severity";
    static const std::vector<std::string> &words()
    {
        static const std::vector<std::string> w = {"information", "caution", "warning"};
        return w;
    }
};

template<>
struct Table<Role> {
    static constexpr const char *field = "roles";
    static const std::vector<std::string> &words()
    {
        static const std::vector<std::string> w = {"technician", "verifier", "coordinator", "admin"};
        return w;
    }
};

// Verdicts and component statuses name their unknown words as the match store always has:
// with a label of their own and the words as alternatives ("is not a, b or c").
template<>
struct Table<Verdict> {
    static constexpr const char *field = "verdict";
    static constexpr const char *label = "verdict";
    static const std::vector<std::string> &words()
    {
        static const std::vector<std::string> w = {"match", "uncertain", "no-match"};
        return w;
    }
};

template<>
struct Table<ComponentStatus> {
    static constexpr const char *field = "status";
    static constexpr const char *label = "component status";
    static const std::vector<std::string> &words()
    {
        static const std::vector<std::string> w = {"detected", "possible"};
        return w;
    }
};

template<class Enum>
concept LabelledTable = requires
{
    Table<Enum>::label;
};

// What an unknown word is told it is not: "one of a, b, c", or "a, b or c" for the
// labelled tables.
template<class Enum>
std::string expectedWords()
{
    const auto &words = Table<Enum>::words();
    std::string list;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (i > 0)
            list += LabelledTable<Enum> && i + 1 == words.size() ? " or " : ", ";
        list += words[i];
    }
    return LabelledTable<Enum> ? list : "one of " + list;
}

template<class Enum>
const std::string &wordOf(Enum value)
{
    const auto &words = Table<Enum>::words();
    const auto index = static_cast<std::size_t>(value);
    if (index >= words.size())
        throw std::logic_error(std::string("a ") + Table<Enum>::field + " value without a word");
    return words[index];
}

} // namespace

const std::string &toString(SampleStatus value)
{
    return wordOf(value);
}
const std::string &toString(Confidence value)
{
    return wordOf(value);
}
const std::string &toString(Abundance value)
{
    return wordOf(value);
}
const std::string &toString(AlertSeverity value)
{
    return wordOf(value);
}
const std::string &toString(Role value)
{
    return wordOf(value);
}
const std::string &toString(Verdict value)
{
    return wordOf(value);
}
const std::string &toString(ComponentStatus value)
{
    return wordOf(value);
}

template<class Enum>
std::optional<Enum> tryParse(std::string_view text)
{
    const auto &words = Table<Enum>::words();
    const auto it = std::find(words.begin(), words.end(), text);
    if (it == words.end())
        return std::nullopt;
    return static_cast<Enum>(it - words.begin());
}

template<class Enum>
Enum parse(std::string_view text)
{
    if (const auto value = tryParse<Enum>(text))
        return *value;
    std::string label = Table<Enum>::field;
    if constexpr (LabelledTable<Enum>)
        label = Table<Enum>::label;
    throw UnknownTerm(Table<Enum>::field, std::string(text), Table<Enum>::words(),
                      label + ": '" + std::string(text) + "' is not " + expectedWords<Enum>());
}

template<class Enum>
const std::vector<std::string> &allTerms()
{
    return Table<Enum>::words();
}

template<class Enum>
std::vector<Enum> allValues()
{
    std::vector<Enum> values;
    for (std::size_t i = 0; i < Table<Enum>::words().size(); ++i)
        values.push_back(static_cast<Enum>(i));
    return values;
}

template<class Enum>
const char *termField()
{
    return Table<Enum>::field;
}

std::vector<std::string> toStrings(const std::vector<Role> &roles)
{
    std::vector<std::string> words;
    for (const auto role : roles)
        words.push_back(toString(role));
    return words;
}

#define CANDOR_VOCABULARY(Enum) \
    template Enum parse<Enum>(std::string_view); \
    template std::optional<Enum> tryParse<Enum>(std::string_view); \
    template const std::vector<std::string> &allTerms<Enum>(); \
    template std::vector<Enum> allValues<Enum>(); \
    template const char *termField<Enum>();
CANDOR_VOCABULARY(SampleStatus)
CANDOR_VOCABULARY(Confidence)
CANDOR_VOCABULARY(Abundance)
CANDOR_VOCABULARY(AlertSeverity)
CANDOR_VOCABULARY(Role)
CANDOR_VOCABULARY(Verdict)
CANDOR_VOCABULARY(ComponentStatus)
#undef CANDOR_VOCABULARY

} // namespace candor::core
