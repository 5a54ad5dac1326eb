#pragma once
// The verifier's review queue: samples waiting for verification, oldest submission first,
// each with what the list needs to pick the next one. Judging happens on the sample page.

#include "controller.h"

#include <QObject>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

namespace candor::app {

class ReviewController : public candor::app::Controller {
    Q_OBJECT
    QML_ELEMENT

    // [{id, publicCode, soldAs, form, submittedBy, submittedAt (UTC), submittedLocal (the
    //   service's time and zone), findings, referral, mine (the signed-in person submitted
    //   it, so another verifier must verify it: four eyes)}]
    Q_PROPERTY(QVariantList queue READ queue NOTIFY loaded)
    Q_PROPERTY(int count READ count NOTIFY loaded)

public:
    // QML creates it with no arguments: its session arrives in classBegin() (see Controller).
    explicit ReviewController(QObject *parent = nullptr);
    explicit ReviewController(SessionController &session, QObject *parent = nullptr);
    QVariantList queue() const { return m_queue; }
    int count() const { return int(m_queue.size()); }
    Q_INVOKABLE void reload();

Q_SIGNALS:
    void loaded();

protected:
    void begin() override;

private:
    QVariantList m_queue;
};

} // namespace candor::app
