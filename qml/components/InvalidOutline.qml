import QtQml
import QtQuick

// A red outline over an input whose value was refused: put it inside the input. Drawn
// over the style's own frame, so it marks the field in every style without replacing
// its background, and takes no room in any layout.
Rectangle {
    required property bool shown

    objectName: "invalidOutline"
    anchors.fill: parent
    anchors.margins: -2
    visible: shown
    color: "transparent"
    border.color: "#b00020"
    border.width: 2
    radius: 3
    z: 10
}
