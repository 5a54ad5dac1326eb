#include "alerts/anonymizer.h"

#include "alerts/isoweek.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <unordered_map>
#include <tuple>

namespace candor::alerts {

namespace {

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

const std::set<std::string> &publicColours()
{
    static const std::set<std::string> colours = {"white", "off-white", "beige", "brown",      "tan",    "grey",
                                                  "black", "pink",      "red",   "orange",     "yellow", "green",
                                                  "blue",  "purple",    "clear", "multicolour"};
    return colours;
}

const std::set<std::string> &publicForms()
{
    static const std::set<std::string> forms = {"powder", "crystal", "rock",  "pill", "capsule",
                                                "liquid", "blotter", "plant", "other"};
    return forms;
}

std::string publicColour(const std::optional<std::string> &colour)
{
    if (!colour)
        return "not recorded";
    std::string c = lower(*colour);
    if (c == "gray")
        c = "grey";
    if (c == "multicolor" || c == "multi-colour")
        c = "multicolour";
    return publicColours().count(c) ? c : "other";
}

std::string publicForm(const std::string &form)
{
    const std::string f = lower(form) == "tablet" ? "pill" : lower(form);
    return publicForms().count(f) ? f : "other";
}

bool smallCount(int value, int threshold)
{
    return value > 0 && value < threshold;
}

} // namespace

std::string Cell::text(int threshold) const
{
    if (!suppressed)
        return std::to_string(value);
    return value < threshold ? "fewer than " + std::to_string(threshold) : "withheld";
}

const std::vector<std::string> &trendFlags()
{
    static const std::vector<std::string> flags = {"fentanyl", "xylazine", "benzodiazepine", "nitazene"};
    return flags;
}

std::string trendFlagLabel(const std::string &flag)
{
    if (flag == "fentanyl")
        return "fentanyl or an analogue";
    if (flag == "xylazine")
        return "xylazine or medetomidine";
    if (flag == "benzodiazepine")
        return "a benzodiazepine";
    if (flag == "nitazene")
        return "a nitazene";
    return flag;
}

bool sampleHasFlag(const VerifiedSample &sample, const std::string &flag)
{
    if (flag == "xylazine")
        return sample.hasClass("alpha2-agonist") || sample.hasSubstance("xylazine") || sample.hasSubstance("medetomidine");
    return sample.hasClass(flag);
}

std::string soldAsGroup(const VerifiedSample &sample)
{
    const std::string substance = lower(sample.soldAsSubstance.value_or(""));
    const std::string cls = lower(sample.soldAsClass.value_or(""));
    if (cls == "fentanyl" || cls == "opioid" || cls == "nitazene")
        return "opioid";
    if (substance == "cocaine hcl" || substance == "cocaine base" || substance == "cocaine")
        return "cocaine";
    if (substance == "methamphetamine")
        return "methamphetamine";
    if (substance == "mdma" || substance == "mda")
        return "MDMA or MDA";
    if (substance == "ketamine")
        return "ketamine";
    if (cls == "benzodiazepine")
        return "benzodiazepine";
    if (!cls.empty())
        return "other";
    return "not known";
}

const std::vector<std::string> &soldAsGroups()
{
    static const std::vector<std::string> groups = {"opioid",   "cocaine",        "methamphetamine", "MDMA or MDA",
                                                    "ketamine", "benzodiazepine", "other",           "not known"};
    return groups;
}

const AggregateRow *AggregateTable::find(const std::string &month, const std::string &soldAs) const
{
    for (const auto &r : rows)
        if (r.month == month && r.soldAs == soldAs)
            return &r;
    return nullptr;
}

std::string Anonymizer::countText(int count) const
{
    return smallCount(count, m_policy.suppressionThreshold) ? "fewer than " + std::to_string(m_policy.suppressionThreshold)
                                                            : std::to_string(count);
}

PublicAlert Anonymizer::publicAlert(const Publication &p, const std::vector<Publication> &earlier) const
{
    PublicAlert a;
    a.alertId = p.alertId;
    a.sequence = p.sequence;
    a.msgType = p.msgType;
    a.severity = p.severity;
    a.headline = p.headline;
    a.found = p.found;
    a.soldAs = p.soldAs;
    a.advice = p.advice;
    a.samples = countText(p.sampleCount);
    a.region = p.region;
    a.windowStart = p.windowStart;
    a.windowEnd = p.windowEnd;
    a.publishedAt = p.publishedAt;
    a.firstPublishedAt = earlier.empty() ? p.publishedAt : earlier.front().publishedAt;
    a.reason = p.reason;
    for (const auto &e : earlier)
        a.earlierSentTimes.push_back(e.publishedAt);
    return a;
}

AggregateTable Anonymizer::aggregates(const std::vector<VerifiedSample> &samples) const
{
    const int t = m_policy.suppressionThreshold;
    AggregateTable table;
    table.threshold = t;
    std::map<std::pair<std::string, std::string>, AggregateRow> rows;
    for (const auto &s : samples) {
        const std::string month = monthOf(s.receivedAt);
        auto &row = rows[{month, soldAsGroup(s)}];
        row.month = month;
        row.soldAs = soldAsGroup(s);
        ++row.samples.value;
        for (const auto &flag : trendFlags()) {
            auto &cell = row.flags[flag];
            if (sampleHasFlag(s, flag))
                ++cell.value;
        }
        ++table.monthTotals[month].value;
    }
    for (auto &[key, row] : rows) {
        // Primary: small counts, and flag counts whose remainder (samples without it) is small.
        if (smallCount(row.samples.value, t))
            row.samples.suppressed = true;
        for (auto &[flag, cell] : row.flags)
            if (row.samples.suppressed || smallCount(cell.value, t) || smallCount(row.samples.value - cell.value, t))
                cell.suppressed = true;
        table.rows.push_back(row);
    }
    // Complementary: in each month, total = sum of the rows' sample counts. One suppressed
    // member would be the total minus the others, so suppress a second (the smallest
    // other row), or the total when there is no other.
    for (auto &[month, total] : table.monthTotals) {
        table.months.push_back(month);
        // A small month is small whatever its rows: two suppressed rows of 1 and 2 would
        // otherwise leave a total of 3 on show.
        if (smallCount(total.value, t))
            total.suppressed = true;
        std::vector<AggregateRow *> members;
        for (auto &r : table.rows)
            if (r.month == month)
                members.push_back(&r);
        const auto suppressedCount = std::count_if(members.begin(), members.end(), [](auto *r) { return r->samples.suppressed; });
        if (suppressedCount != 1)
            continue;
        AggregateRow *second = nullptr;
        for (auto *r : members)
            if (!r->samples.suppressed && r->samples.value > 0 && (!second || r->samples.value < second->samples.value))
                second = r;
        if (second) {
            second->samples.suppressed = true;
            for (auto &[flag, cell] : second->flags)
                cell.suppressed = true;
        } else {
            total.suppressed = true;
        }
    }
    return table;
}

SampleTable Anonymizer::sampleTable(const std::vector<VerifiedSample> &samples, const AggregateTable &aggregates) const
{
    SampleTable table;
    table.k = m_policy.k;
    // Rows whose month-and-sold-as count is suppressed are left out, and flags whose
    // aggregate is suppressed are "withheld", so that counting rows recovers no
    // suppressed figure.
    std::vector<SampleRow> candidates;
    std::vector<std::string> months;
    for (const auto &s : samples) {
        const std::string month = monthOf(s.receivedAt);
        const AggregateRow *agg = aggregates.find(month, soldAsGroup(s));
        if (!agg || agg->samples.suppressed) {
            ++table.withheld;
            continue;
        }
        SampleRow row{isoWeekOf(s.receivedAt).text(), s.region, soldAsGroup(s), publicForm(s.form), publicColour(s.colour), {}};
        for (const auto &flag : trendFlags())
            row.flags[flag] = agg->flags.at(flag).suppressed ? "withheld" : (sampleHasFlag(s, flag) ? "yes" : "no");
        candidates.push_back(std::move(row));
        months.push_back(month);
    }
    // Generalize step by step: colour to "any", then week to month, then form to "any";
    // what is still in a group smaller than k is withheld.
    auto key = [](const SampleRow &r) { return std::make_tuple(r.period, r.region, r.soldAs, r.form, r.colour); };
    std::vector<int> level(candidates.size(), 0);
    for (int step = 0; step <= 3; ++step) {
        std::map<std::tuple<std::string, std::string, std::string, std::string, std::string>, int> sizes;
        for (std::size_t i = 0; i < candidates.size(); ++i)
            if (level[i] == step)
                ++sizes[key(candidates[i])];
        for (std::size_t i = 0; i < candidates.size(); ++i) {
            if (level[i] != step || sizes[key(candidates[i])] >= m_policy.k)
                continue;
            level[i] = step + 1;
            if (step == 0)
                candidates[i].colour = "any";
            else if (step == 1)
                candidates[i].period = months[i];
            else if (step == 2)
                candidates[i].form = "any";
        }
    }
    // Rows at different levels may now share a key; recount over the final values.
    std::map<std::tuple<std::string, std::string, std::string, std::string, std::string>, int> finalSizes;
    for (std::size_t i = 0; i < candidates.size(); ++i)
        if (level[i] <= 3)
            ++finalSizes[key(candidates[i])];
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        if (level[i] > 3 || finalSizes[key(candidates[i])] < m_policy.k) {
            ++table.withheld;
            continue;
        }
        if (level[i] > 0)
            ++table.generalized;
        table.rows.push_back(std::move(candidates[i]));
    }
    std::sort(table.rows.begin(), table.rows.end(), [&](const SampleRow &a, const SampleRow &b) { return key(a) < key(b); });
    return table;
}

PublicBundle Anonymizer::bundle(const std::vector<Publication> &publications, const std::vector<VerifiedSample> &samples) const
{
    PublicBundle b;
    std::map<std::string, std::vector<Publication>> byAlert;
    for (const auto &p : publications)
        byAlert[p.alertId].push_back(p);
    for (auto &[id, list] : byAlert) {
        std::sort(list.begin(), list.end(), [](const auto &x, const auto &y) { return x.sequence < y.sequence; });
        for (std::size_t i = 0; i < list.size(); ++i)
            b.alerts.push_back(publicAlert(list[i], std::vector<Publication>(list.begin(), list.begin() + std::ptrdiff_t(i))));
    }
    b.aggregates = aggregates(samples);
    b.samples = sampleTable(samples, b.aggregates);
    checkBundle(b);
    return b;
}

void Anonymizer::checkBundle(const PublicBundle &b) const
{
    const int t = m_policy.suppressionThreshold;
    const std::string fewer = "fewer than " + std::to_string(t);
    for (const auto &a : b.alerts) {
        if (a.samples != fewer && (a.samples.empty() || !std::all_of(a.samples.begin(), a.samples.end(), ::isdigit)))
            throw PublicationRefused("counts", "alert " + a.alertId + " gives its samples as '" + a.samples + "'");
        if (a.samples != fewer && smallCount(std::stoi(a.samples), t))
            throw PublicationRefused("suppression threshold", "alert " + a.alertId + " shows a count below " + std::to_string(t));
        for (const auto *period : {&a.windowStart, &a.windowEnd})
            if (period->size() != 8 || (*period)[4] != '-' || (*period)[5] != 'W')
                throw PublicationRefused("ISO week only", "alert " + a.alertId + " has the window '" + *period + "'");
    }
    const auto &agg = b.aggregates;
    for (const auto &r : agg.rows) {
        const std::string where = r.month + " / " + r.soldAs;
        if (!r.samples.suppressed && smallCount(r.samples.value, t))
            throw PublicationRefused("suppression threshold", "samples in " + where + " shown below " + std::to_string(t));
        for (const auto &[flag, cell] : r.flags) {
            if (cell.suppressed)
                continue;
            if (smallCount(cell.value, t))
                throw PublicationRefused("suppression threshold", flag + " in " + where + " shown below " + std::to_string(t));
            if (r.samples.suppressed)
                throw PublicationRefused("complementary suppression", flag + " in " + where + " shown beside a suppressed total");
            if (smallCount(r.samples.value - cell.value, t))
                throw PublicationRefused("complementary suppression",
                                         "samples without " + flag + " in " + where + " follow from the published figures");
        }
    }
    for (const auto &[month, total] : agg.monthTotals) {
        int suppressed = total.suppressed ? 1 : 0;
        int sum = 0;
        for (const auto &r : agg.rows)
            if (r.month == month) {
                suppressed += r.samples.suppressed ? 1 : 0;
                sum += r.samples.value;
            }
        if (suppressed == 1)
            throw PublicationRefused("complementary suppression",
                                     "the total for " + month + " gives away its one suppressed count");
        if (sum != total.value)
            throw PublicationRefused("consistent totals", "the total for " + month + " is not the sum of its rows");
        if (!total.suppressed && smallCount(total.value, t))
            throw PublicationRefused("suppression threshold", "the total for " + month + " is below " + std::to_string(t));
    }
    std::map<std::tuple<std::string, std::string, std::string, std::string, std::string>, int> sizes;
    for (const auto &r : b.samples.rows)
        ++sizes[{r.period, r.region, r.soldAs, r.form, r.colour}];
    for (const auto &[key, size] : sizes)
        if (size < b.samples.k)
            throw PublicationRefused("k-anonymity", "a combination of week, region, sold-as, form and colour has " +
                                                        std::to_string(size) +
                                                        " rows, fewer than k = " + std::to_string(b.samples.k));
    // Rows must not reveal suppressed cells: a row of a month (or of a week touching only
    // months) whose count is suppressed, or a "yes" under a suppressed flag count.
    for (const auto &r : b.samples.rows) {
        std::vector<std::string> months;
        if (r.period.size() == 7)
            months = {r.period};
        else if (r.period.size() == 8 && r.period[5] == 'W')
            months = monthsOfWeek(r.period);
        else
            throw PublicationRefused("ISO week only", "a sample row has the period '" + r.period + "'");
        bool rowShown = false;
        std::map<std::string, bool> flagShown;
        for (const auto &month : months) {
            const AggregateRow *aggRow = agg.find(month, r.soldAs);
            if (!aggRow || aggRow->samples.suppressed)
                continue;
            rowShown = true;
            for (const auto &[flag, cell] : aggRow->flags)
                flagShown[flag] = flagShown[flag] || !cell.suppressed;
        }
        if (!rowShown)
            throw PublicationRefused("complementary suppression",
                                     "sample rows of " + r.period + " / " + r.soldAs + " count a suppressed figure");
        for (const auto &[flag, value] : r.flags)
            if (value == "yes" && !flagShown[flag])
                throw PublicationRefused("complementary suppression", "sample rows of " + r.period + " / " + r.soldAs +
                                                                          " count suppressed " + flag + " findings");
    }
}

std::set<std::string> Anonymizer::forbiddenTerms(const std::vector<VerifiedSample> &samples, const std::set<std::string> &allowed)
{
    std::set<std::string> allowedLower;
    for (const auto &a : allowed)
        allowedLower.insert(lower(a));
    std::set<std::string> out;
    auto add = [&](const std::string &term) {
        const std::string t = term;
        // Too short to be told apart from ordinary words, or a word publications use anyway.
        if (t.size() < 4 || allowedLower.count(lower(t)))
            return;
        out.insert(t);
    };
    for (const auto &s : samples) {
        add(s.id);
        add(s.publicCode);
        add(s.site);
        add(s.soldAs);
        if (s.receivedAt.size() > 10)
            add(s.receivedAt);
        if (s.notes)
            add(*s.notes);
        if (s.texture)
            add(*s.texture);
        if (s.pillLogo)
            add(*s.pillLogo);
        if (s.colour && publicColour(s.colour) == "other")
            add(*s.colour);
        if (publicForm(s.form) == "other" && lower(s.form) != "other")
            add(s.form);
        for (const auto &p : s.people)
            add(p);
    }
    return out;
}

namespace {
std::uint32_t prefixOf(const char *p)
{
    std::uint32_t v = 0;
    std::memcpy(&v, p, 4);
    return v;
}
} // namespace

TermScanner::TermScanner(const std::set<std::string> &terms)
{
    for (const auto &term : terms)
        if (term.size() >= 4)
            m_byPrefix[prefixOf(term.data())].push_back(term);
}

bool TermScanner::containsTerm(const std::string &bytes) const
{
    // A term counts only as a whole word: a staff member called "Cora" must not block
    // every export because the stylesheet says "text-decoration".
    const auto isWordChar = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
    for (std::size_t i = 0; i + 4 <= bytes.size(); ++i) {
        const auto it = m_byPrefix.find(prefixOf(bytes.data() + i));
        if (it == m_byPrefix.end())
            continue;
        for (const std::string &term : it->second) {
            if (bytes.compare(i, term.size(), term) != 0)
                continue;
            const std::size_t end = i + term.size();
            const bool startsWord = !isWordChar(term.front()) || i == 0 || !isWordChar(bytes[i - 1]);
            const bool endsWord = !isWordChar(term.back()) || end >= bytes.size() || !isWordChar(bytes[end]);
            if (startsWord && endsWord)
                return true;
        }
    }
    return false;
}

void Anonymizer::checkBytes(const std::map<std::string, std::string> &files, const std::set<std::string> &forbidden)
{
    const TermScanner scanner(forbidden);
    for (const auto &[name, bytes] : files)
        if (scanner.containsTerm(bytes))
            throw PublicationRefused("no identifying text",
                                     name + " contains a code, note, site name, exact time or other free text of a sample");
}

} // namespace candor::alerts
