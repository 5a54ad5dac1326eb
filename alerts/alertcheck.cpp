#include "alerts/alertcheck.h"

#include <algorithm>
#include <cctype>

namespace candor::alerts {

namespace {

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

bool isWordChar(char c)
{
    return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

// `word` (lower case) as a whole word of `text` (lower case), plural "s" allowed.
bool mentionsWord(const std::string &text, const std::string &word)
{
    for (std::size_t pos = text.find(word); pos != std::string::npos; pos = text.find(word, pos + 1)) {
        std::size_t end = pos + word.size();
        if (end < text.size() && text[end] == 's')
            ++end;
        if ((pos == 0 || !isWordChar(text[pos - 1])) && (end >= text.size() || !isWordChar(text[end])))
            return true;
    }
    return false;
}

// The words by which a text names a sold-as group: "MDMA or MDA" is named by "mdma" or "mda".
std::vector<std::string> wordsNaming(const std::string &group)
{
    std::vector<std::string> out;
    std::string word;
    for (char c : lower(group) + " ") {
        if (isWordChar(c)) {
            word += c;
        } else if (!word.empty()) {
            if (word != "or")
                out.push_back(word);
            word.clear();
        }
    }
    return out;
}

// What a headline says the drugs were sold as: from "sold as" to the end of the sentence
// or clause. Elsewhere a group's word is the rule's own wording ("Nitazene opioid found",
// "the opioid supply"), not a group of this alert's samples.
std::string soldAsClause(const std::string &headlineLower)
{
    std::string out;
    for (std::size_t pos = headlineLower.find("sold as"); pos != std::string::npos;
         pos = headlineLower.find("sold as", pos + 1)) {
        const std::size_t end = headlineLower.find_first_of(".:;!?", pos);
        out += headlineLower.substr(pos, end == std::string::npos ? std::string::npos : end - pos) + "\n";
    }
    return out;
}

const char *fieldLabel(const std::string &field)
{
    if (field == "headline")
        return "the headline";
    if (field == "found")
        return "what was found";
    if (field == "sold_as")
        return "what it was sold as";
    if (field == "advice")
        return "the advice";
    if (field == "reason")
        return "the reason";
    return nullptr;
}

} // namespace

std::string AlertRefusal::sentence() const
{
    const char *label = fieldLabel(field);
    const std::string what = label ? label : "the published file " + field;
    std::string problem;
    if (rule == kRuleSmallSoldAsGroup)
        problem = what + " names a sold-as group with fewer samples than may be shown";
    else
        problem = what + " contains a code, note, site name, exact time or other free text of a sample";
    return "alert " + alertId.substr(0, 8) + ": " + problem + " (rule: " + rule + "); " + remedy;
}

namespace {
std::string joinedSentences(const std::vector<AlertRefusal> &refusals)
{
    std::string out;
    for (const auto &r : refusals)
        out += (out.empty() ? "" : "; and ") + r.sentence();
    return out;
}
} // namespace

AlertRefused::AlertRefused(std::vector<AlertRefusal> refusals)
    : PublicationRefused(refusals.empty() ? std::string(kRuleNoIdentifyingText) : refusals.front().rule,
                         joinedSentences(refusals))
    , m_refusals(std::move(refusals))
{
}

AlertText alertText(const Alert &a, const std::map<std::string, int> &groups)
{
    return {a.id, a.headline, a.found, a.soldAs, a.advice, "", groups};
}

AlertText alertText(const Publication &p, const std::map<std::string, int> &groups)
{
    return {p.alertId, p.headline, p.found, p.soldAs, p.advice, p.reason, groups};
}

bool isCatchAllGroup(const std::string &group)
{
    return group == "other" || group == "not known";
}

std::string nameableSoldAs(const std::vector<std::pair<std::string, int>> &groups, int threshold)
{
    std::vector<std::string> named;
    bool folded = false;
    for (const auto &[group, count] : groups) {
        // One group alone is the alert itself: its count is the alert's, shown as the alert
        // shows it. Beside others, a small group would be a count of its own.
        if ((groups.size() == 1 || count >= threshold) && !(groups.size() > 1 && group == "other"))
            named.push_back(group);
        else
            folded = true;
    }
    if (named.empty())
        return "various drugs";
    if (folded)
        named.emplace_back("other drugs");
    std::string out;
    for (std::size_t i = 0; i < named.size(); ++i) {
        if (i > 0)
            out += i + 1 == named.size() ? " and " : ", ";
        out += named[i];
    }
    return out;
}

std::set<std::string> AlertCheck::publicVocabulary(const std::vector<VerifiedSample> &samples)
{
    std::set<std::string> allowed = {"unknown", "other", "not known", "other drugs", "various drugs"};
    for (const auto &group : soldAsGroups())
        allowed.insert(group);
    for (const auto &s : samples) {
        allowed.insert(s.region);
        if (s.soldAsSubstance)
            allowed.insert(*s.soldAsSubstance);
        for (const auto &f : s.findings) {
            allowed.insert(f.substance);
            allowed.insert(f.substanceClass);
        }
    }
    return allowed;
}

AlertCheck::AlertCheck(const std::vector<VerifiedSample> &samples, const std::set<std::string> &internalTerms,
                       AnonymizationPolicy policy)
    : m_policy(policy)
    , m_forbidden(Anonymizer::forbiddenTerms(samples, publicVocabulary(samples)))
{
    for (const auto &t : internalTerms)
        if (t.size() >= 4)
            m_forbidden.insert(t);
    m_forbidden.erase("");
    for (const auto &s : samples)
        m_groupOfSample[s.id] = soldAsGroup(s);
}

std::map<std::string, int> AlertCheck::groupsOf(const std::vector<std::string> &sampleIds) const
{
    std::map<std::string, int> out;
    for (const auto &id : sampleIds)
        if (const auto it = m_groupOfSample.find(id); it != m_groupOfSample.end())
            ++out[it->second];
    return out;
}

std::vector<AlertRefusal> AlertCheck::check(const AlertText &text) const
{
    std::vector<AlertRefusal> out;
    const std::vector<std::pair<std::string, const std::string *>> fields = {{"headline", &text.headline},
                                                                             {"found", &text.found},
                                                                             {"sold_as", &text.soldAs},
                                                                             {"advice", &text.advice},
                                                                             {"reason", &text.reason}};
    const TermScanner scanner(m_forbidden);
    // A group is small when it has fewer samples than the suppression threshold and is not
    // the alert's only group (then its count is the alert's own, shown as "fewer than N").
    std::vector<std::string> smallGroupWords;
    int groups = 0;
    for (const auto &[group, count] : text.soldAsGroups)
        groups += count > 0 ? 1 : 0;
    if (groups > 1)
        for (const auto &[group, count] : text.soldAsGroups)
            if (count > 0 && count < m_policy.suppressionThreshold && !isCatchAllGroup(group))
                for (const auto &word : wordsNaming(group))
                    smallGroupWords.push_back(word);
    const std::string threshold = std::to_string(m_policy.suppressionThreshold);
    for (const auto &[field, value] : fields) {
        if (scanner.containsTerm(*value)) {
            out.push_back({text.alertId, field, kRuleNoIdentifyingText,
                           std::string("edit ") + fieldLabel(field) +
                               " so it uses none of a sample's own words (what the person said, notes, codes, sites, "
                               "times, names), then publish"});
            continue;
        }
        if (field != "headline" && field != "sold_as")
            continue;
        const std::string where = field == "headline" ? soldAsClause(lower(*value)) : lower(*value);
        if (std::any_of(smallGroupWords.begin(), smallGroupWords.end(), [&](const auto &w) { return mentionsWord(where, w); }))
            out.push_back({text.alertId, field, kRuleSmallSoldAsGroup,
                           std::string("edit ") + fieldLabel(field) + " so it does not name a sold-as group of fewer than " +
                               threshold + " of this alert's samples (say \"other drugs\" instead), then publish"});
    }
    return out;
}

void AlertCheck::require(const AlertText &text) const
{
    auto refusals = check(text);
    if (!refusals.empty())
        throw AlertRefused(std::move(refusals));
}

} // namespace candor::alerts
