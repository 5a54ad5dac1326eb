import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Candor

// The outcome of one control of Settings, People, shown right beside it: the controller's
// latest message when it belongs to `key`. Kept in the layout while empty so nothing jumps.
Label {
    id: outcome

    required property PeopleController people
    // The control's key: "list", "add", "own" or "person:NAME".
    required property string key
    readonly property bool shown: outcome.people.messageKey === outcome.key

    Layout.fillWidth: true
    wrapMode: Text.Wrap
    text: outcome.shown ? outcome.people.messageText : " "
    color: outcome.shown && !outcome.people.messageOk ? "#b00020" : "#1b5e20"
    Accessible.role: Accessible.AlertMessage
    Accessible.name: text
}
