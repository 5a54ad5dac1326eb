pragma ComponentBehavior: Bound
import QtQml
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Candor

// Settings, People: an admin sees every account with its roles and state, and adds,
// re-roles, deactivates, re-activates and resets passwords here (PersonRow,
// AddPersonForm); everyone changes their own password (OwnPasswordForm). Each control's
// outcome shows right beside it (PeopleController keeps it with that control's key),
// never in a banner elsewhere.
SectionCard {
    id: root

    title: qsTr("People")

    PeopleController {
        id: controller
    }

    Label {
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        text: controller.canManage
              ? qsTr("Everyone who works here has their own account. A deactivated account cannot sign in; what that person did keeps their name. There is always at least one active admin.")
              : qsTr("Only an admin manages the accounts. You can change your own password below.")
    }

    ActionOutcome {
        id: listOutcome

        people: controller
        key: "list"
        visible: listOutcome.shown
    }

    Repeater {
        model: controller.people

        delegate: PersonRow {
            Layout.fillWidth: true
            people: controller
        }
    }

    AddPersonForm {
        visible: controller.canManage
        Layout.fillWidth: true
        people: controller
    }

    OwnPasswordForm {
        Layout.fillWidth: true
        people: controller
    }
}
