#include "qmlvocabulary.h"

#include "core/vocabulary.h"

namespace candor::app {

namespace {
template<class Enum>
QStringList termsOf()
{
    QStringList out;
    for (const auto &word : core::allTerms<Enum>())
        out << QString::fromStdString(word);
    return out;
}

template<class Enum>
QString word(Enum value)
{
    return QString::fromStdString(core::toString(value));
}
} // namespace

QStringList QmlVocabulary::sampleStatuses() const
{
    return termsOf<core::SampleStatus>();
}
QStringList QmlVocabulary::alertSeverities() const
{
    return termsOf<core::AlertSeverity>();
}
QStringList QmlVocabulary::roles() const
{
    return termsOf<core::Role>();
}

QString QmlVocabulary::received() const
{
    return word(core::SampleStatus::Received);
}
QString QmlVocabulary::inTesting() const
{
    return word(core::SampleStatus::InTesting);
}
QString QmlVocabulary::toBeVerified() const
{
    return word(core::SampleStatus::ToBeVerified);
}
QString QmlVocabulary::verified() const
{
    return word(core::SampleStatus::Verified);
}
QString QmlVocabulary::invalidated() const
{
    return word(core::SampleStatus::Invalidated);
}
QString QmlVocabulary::information() const
{
    return word(core::AlertSeverity::Information);
}
QString QmlVocabulary::caution() const
{
    return word(core::AlertSeverity::Caution);
}
QString QmlVocabulary::warning() const
{
    return word(core::AlertSeverity::Warning);
}
QString QmlVocabulary::technician() const
{
    return word(core::Role::Technician);
}
QString QmlVocabulary::verifier() const
{
    return word(core::Role::Verifier);
}
QString QmlVocabulary::coordinator() const
{
    return word(core::Role::Coordinator);
}
QString QmlVocabulary::admin() const
{
    return word(core::Role::Admin);
}
QString QmlVocabulary::primary() const
{
    return word(core::Abundance::Primary);
}
QString QmlVocabulary::trace() const
{
    return word(core::Abundance::Trace);
}

} // namespace candor::app
