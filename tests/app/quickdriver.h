#pragma once
// Drives the real main window (Main.qml) from a QtTest: finds items by objectName,
// waits on conditions (never a fixed sleep), types, presses buttons with the keyboard,
// signs in, and saves what the window shows as a PNG when CANDOR_SHOTS_DIR is set (run
// the test under Xvfb with QT_QPA_PLATFORM=xcb to see the real X rendering).

#include "sessioncontroller.h"
#include "startup.h"

#include <QDir>
#include <QImage>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QSignalSpy>
#include <QTest>

namespace candor::testing {

// Pages pushed on a StackView are visual children only, so walk childItems(), not
// QObject children.
inline QQuickItem *findItemIn(QQuickItem *item, const QString &name)
{
    if (item->objectName() == name)
        return item;
    for (auto *child : item->childItems())
        if (auto *found = findItemIn(child, name))
            return found;
    return nullptr;
}

inline void collectItems(QQuickItem *item, QList<QQuickItem *> &out)
{
    out.append(item);
    for (auto *child : item->childItems())
        collectItems(child, out);
}

inline QList<QQuickItem *> allItems(QQuickItem *root)
{
    QList<QQuickItem *> out;
    collectItems(root, out);
    return out;
}

// Every item called `name` under `root`, visible or not, in tree order.
inline QList<QQuickItem *> itemsNamed(QQuickItem *root, const QString &name)
{
    QList<QQuickItem *> out;
    for (auto *item : allItems(root))
        if (item->objectName() == name)
            out.append(item);
    return out;
}

// True when the item and all its ancestors are visible and none is collapsed to zero height.
inline bool shown(QQuickItem *item)
{
    for (auto *i = item; i; i = i->parentItem())
        if (!i->isVisible() || i->height() <= 0)
            return false;
    return true;
}

class WindowDriver {
public:
    explicit WindowDriver(app::SessionController &session)
    {
        candor::app::loadMainWindow(m_engine, session);
        if (!m_engine.rootObjects().isEmpty())
            m_window = qobject_cast<QQuickWindow *>(m_engine.rootObjects().first());
    }

    QQuickWindow *window() const { return m_window; }
    QQmlApplicationEngine &engine() { return m_engine; }
    QQuickItem *root() const { return m_window->contentItem(); }

    // Waits until the window shows and has the keyboard (shortcuts fire only then).
    bool ready()
    {
        if (!m_window || !QTest::qWaitForWindowExposed(m_window))
            return false;
        m_window->requestActivate();
        return QTest::qWaitForWindowActive(m_window);
    }

    QQuickItem *find(const QString &name) const { return findItemIn(root(), name); }

    // Waits until an item with this objectName exists and is shown; null after 10 s.
    QQuickItem *waitFor(const QString &name) const
    {
        QQuickItem *item = nullptr;
        const bool found = QTest::qWaitFor([&] { return (item = find(name)) && item->isVisible(); }, 10000);
        if (!found)
            qWarning("no visible item called %s", qPrintable(name));
        return found ? item : nullptr;
    }

    // QTest::keyClicks takes widgets only; Qt Quick windows get one key event per character.
    void type(const QString &text) const
    {
        for (const QChar c : text)
            QTest::keyClick(m_window, c.toLatin1());
    }

    void typeInto(QQuickItem *field, const QString &text) const
    {
        if (!field)
            return;
        field->forceActiveFocus();
        type(text);
    }

    // Presses a button the way a keyboard-first technician does: focus it, press Space.
    // (QTest's synthetic mouse clicks did not reach Qt Quick Controls buttons on the
    // offscreen platform.)
    bool press(QQuickItem *button) const
    {
        if (!button || !button->isEnabled())
            return false;
        button->forceActiveFocus();
        QTest::keyClick(m_window, Qt::Key_Space);
        return true;
    }

    // Signs in with the sign-in page's fields; true when the workspace shows. A database
    // without samples and demo data shows the first-run page first: start empty.
    bool signIn(const QString &user, const QString &password)
    {
        typeInto(waitFor(QStringLiteral("signInName")), user);
        typeInto(waitFor(QStringLiteral("signInPassword")), password);
        QTest::keyClick(m_window, Qt::Key_Return);
        return QTest::qWaitFor(
            [&] {
                if (auto *empty = find(QStringLiteral("startEmptyButton")); empty && empty->isVisible())
                    press(empty);
                auto *workspace = find(QStringLiteral("workspace"));
                return workspace && workspace->isVisible() && find(QStringLiteral("samplesList"));
            },
            10000);
    }

    // Calls a function of the workspace page: showLibrary(), openSample(id), ...
    bool workspaceCall(const char *function) const
    {
        auto *workspace = find(QStringLiteral("workspace"));
        return workspace && QMetaObject::invokeMethod(workspace, function);
    }
    bool workspaceCall(const char *function, const QString &argument) const
    {
        auto *workspace = find(QStringLiteral("workspace"));
        return workspace && QMetaObject::invokeMethod(workspace, function, Q_ARG(QString, argument));
    }

    // Scrolls the page's ScrollView (the Flickable around `item`) so that `item` starts
    // `margin` pixels below the window's top.
    static bool scrollTo(QQuickItem *item, qreal margin = 8)
    {
        for (auto *p = item->parentItem(); p; p = p->parentItem()) {
            if (p->inherits("QQuickFlickable")) {
                const qreal contentY = p->property("contentY").toReal();
                const QPointF at = item->mapToItem(p, QPointF(0, 0));
                const qreal maxY = std::max<qreal>(0, p->property("contentHeight").toReal() - p->height());
                p->setProperty("contentY", std::clamp(contentY + at.y() - margin, qreal(0), maxY));
                return true;
            }
        }
        return false;
    }

    // Waits until no StackView is in a transition (a push slides the new page in) and
    // two frames were drawn after that, so a grab shows the page at rest with its charts
    // painted. False after 10 s.
    bool settle() const
    {
        const bool still = QTest::qWaitFor(
            [&] {
                for (auto *item : allItems(root()))
                    if (item->inherits("QQuickStackView") && item->property("busy").toBool())
                        return false;
                return true;
            },
            10000);
        if (!still)
            return false;
        for (int frame = 0; frame < 2; ++frame) {
            QSignalSpy swapped(m_window, &QQuickWindow::frameSwapped);
            m_window->update();
            if (!swapped.wait(10000))
                return false;
        }
        return true;
    }

    // The window as it is now, at rest.
    QImage grab() const
    {
        settle();
        return m_window->grabWindow();
    }

    // Saves the window, or the part `clip` covers, as $CANDOR_SHOTS_DIR/name.png. Does
    // nothing without that variable: the shots are for a person to look at.
    void shot(const QString &name, QQuickItem *clip = nullptr) const
    {
        const QString dir = qEnvironmentVariable("CANDOR_SHOTS_DIR");
        if (dir.isEmpty())
            return;
        QDir().mkpath(dir);
        QImage image = grab();
        if (clip) {
            const QRectF r = clip->mapRectToScene(QRectF(0, 0, clip->width(), clip->height()));
            const qreal dpr = image.devicePixelRatio();
            image = image.copy(QRectF(r.topLeft() * dpr, r.size() * dpr).toAlignedRect().adjusted(-8, -8, 8, 8));
        }
        image.save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
    }

private:
    QQmlApplicationEngine m_engine;
    QQuickWindow *m_window = nullptr;
};

// The text of the shown item NAME, or "<no NAME>" so that a failed comparison says why.
inline QString textOf(const WindowDriver &d, const QString &name)
{
    auto *item = d.find(name);
    return item ? item->property("text").toString() : QStringLiteral("<no %1>").arg(name);
}

} // namespace candor::testing
