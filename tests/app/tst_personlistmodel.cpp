// PersonListModel under QAbstractItemModelTester, filled by PeopleController from a real
// database file: an admin sees every account with its roles, state and which one is
// theirs; a deactivation shows in the row; a technician sees no accounts.

#include "appfixture.h"
#include "peoplecontroller.h"
#include "personlistmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using candor::app::PeopleController;
using candor::app::PersonListModel;

namespace {
int rowNamed(const PersonListModel &model, const QString &name)
{
    for (int row = 0; row < model.rowCount(); ++row)
        if (model.data(model.index(row, 0), PersonListModel::NameRole).toString() == name)
            return row;
    return -1;
}
} // namespace

class TestPersonListModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void anAdminSeesEveryAccountWithRolesStateAndSelf()
    {
        candor::testing::AppFixture f;
        f.services->setCurrentUser(f.admin);
        PeopleController people(*f.session);
        PersonListModel &model = *people.people();
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.count(), 2);

        const int ada = rowNamed(model, QStringLiteral("ada"));
        const int tess = rowNamed(model, QStringLiteral("tess"));
        QVERIFY(ada >= 0 && tess >= 0);
        QCOMPARE(model.data(model.index(ada, 0), PersonListModel::DisplayNameRole).toString(), QStringLiteral("Ada Okafor"));
        QCOMPARE(model.data(model.index(ada, 0), PersonListModel::IsSelfRole).toBool(), true);
        QCOMPARE(model.data(model.index(tess, 0), PersonListModel::IsSelfRole).toBool(), false);
        QCOMPARE(model.data(model.index(tess, 0), PersonListModel::RolesRole).toStringList(),
                 QStringList{QStringLiteral("technician")});
        QCOMPARE(model.data(model.index(tess, 0), PersonListModel::ActiveRole).toBool(), true);
        QCOMPARE(model.roleNames().value(PersonListModel::IsSelfRole), QByteArray("isSelf"));

        QSignalSpy resets(&model, &PersonListModel::modelReset);
        QVERIFY(people.setRoles(QStringLiteral("tess"), {QStringLiteral("technician"), QStringLiteral("verifier")}));
        QVERIFY(people.setActive(QStringLiteral("tess"), false));
        QCOMPARE(resets.size(), 2);
        const int after = rowNamed(model, QStringLiteral("tess"));
        QCOMPARE(model.data(model.index(after, 0), PersonListModel::RolesRole).toStringList(),
                 (QStringList{QStringLiteral("technician"), QStringLiteral("verifier")}));
        QCOMPARE(model.data(model.index(after, 0), PersonListModel::ActiveRole).toBool(), false);
        QCOMPARE(people.messageKey(), QStringLiteral("person:tess"));
        QVERIFY(people.messageOk());
    }

    void aTechnicianSeesNoAccounts()
    {
        candor::testing::AppFixture f;
        f.services->setCurrentUser(f.tech);
        PeopleController people(*f.session);
        QAbstractItemModelTester tester(people.people(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(people.people()->rowCount(), 0);
        // A refusal is kept with its control's key, as a failure.
        QVERIFY(!people.setActive(QStringLiteral("ada"), false));
        QCOMPARE(people.messageKey(), QStringLiteral("person:ada"));
        QVERIFY(!people.messageOk());
        QVERIFY(!people.messageText().isEmpty());
    }
};

QTEST_MAIN(TestPersonListModel)
#include "tst_personlistmodel.moc"
