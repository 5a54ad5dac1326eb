#pragma once
// Safer-use advice printed on public alerts, one editable text per substance class
// (data/safer-use-advice.json). Not the advice on a person's private result slip.

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace candor::alerts {

class SaferUseAdvice {
public:
    // The shipped texts.
    SaferUseAdvice();
    // Throws ValidationError("advice") when the document is not {"advice": {class: text}}
    // with a "default".
    explicit SaferUseAdvice(std::string_view jsonText);

    // The texts for the classes found, most dangerous first, each once; the default text
    // when none of them has its own.
    std::string forClasses(const std::vector<std::string> &classes) const;

private:
    std::map<std::string, std::string> m_texts;
};

} // namespace candor::alerts
