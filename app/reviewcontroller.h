#pragma once
// The verifier's review queue: samples waiting for verification, oldest submission first,
// each with what the list needs to pick the next one. Judging happens on the sample page.

#include <QObject>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

namespace candor::app {

class ReviewController : public QObject
{
    Q_OBJECT
    QML_ELEMENT

    // [{id, publicCode, soldAs, form, submittedBy, submittedAt (UTC), submittedLocal (the
    //   service's time and zone), findings, referral, mine (the signed-in person submitted
    //   it, so another verifier must verify it: four eyes)}]
    Q_PROPERTY(QVariantList queue READ queue NOTIFY loaded)
    Q_PROPERTY(int count READ count NOTIFY loaded)

public:
    explicit ReviewController(QObject *parent = nullptr);
    QVariantList queue() const { return m_queue; }
    int count() const { return int(m_queue.size()); }
    Q_INVOKABLE void reload();

Q_SIGNALS:
    void loaded();
    void errorOccurred(const QString &message);

private:
    QVariantList m_queue;
};

} // namespace candor::app
