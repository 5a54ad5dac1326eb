import QtQml
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// A labelled input with its validation message right beneath it.
ColumnLayout {
    id: root

    required property string label
    property string hint: ""
    property string error: ""
    default property alias content: holder.data

    spacing: 2

    Label {
        text: root.label
        font.bold: true
    }

    // A layout, not a plain Item: content that appears later (pill fields) resizes the
    // form instead of drawing over it. Content fills the width with Layout.fillWidth.
    ColumnLayout {
        id: holder

        Layout.fillWidth: true
        spacing: 0
    }

    // Always present, even when empty: Qt 6.4 layouts here do not reliably make room for
    // an item that turns visible later, and a fixed line keeps the form from jumping.
    Label {
        Layout.fillWidth: true
        text: root.error.length > 0 ? root.error : (root.hint.length > 0 ? root.hint : " ")
        color: root.error.length > 0 ? "#b00020" : palette.placeholderText
        wrapMode: Text.Wrap
        font.pixelSize: 12
        // A refusal is announced by screen readers; a hint is not.
        Accessible.role: root.error.length > 0 ? Accessible.AlertMessage : Accessible.StaticText
        Accessible.name: text
    }
}
