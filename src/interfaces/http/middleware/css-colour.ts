/** The CSS named colours (CSS Color Module Level 4), which the client may send as an avatar colour. */
const NAMED_COLOURS = new Set(
  (
    'aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue blueviolet brown burlywood cadetblue chartreuse ' +
    'chocolate coral cornflowerblue cornsilk crimson cyan darkblue darkcyan darkgoldenrod darkgray darkgreen darkgrey darkkhaki darkmagenta ' +
    'darkolivegreen darkorange darkorchid darkred darksalmon darkseagreen darkslateblue darkslategray darkslategrey darkturquoise darkviolet ' +
    'deeppink deepskyblue dimgray dimgrey dodgerblue firebrick floralwhite forestgreen fuchsia gainsboro ghostwhite gold goldenrod gray green ' +
    'greenyellow grey honeydew hotpink indianred indigo ivory khaki lavender lavenderblush lawngreen lemonchiffon lightblue lightcoral lightcyan ' +
    'lightgoldenrodyellow lightgray lightgreen lightgrey lightpink lightsalmon lightseagreen lightskyblue lightslategray lightslategrey ' +
    'lightsteelblue lightyellow lime limegreen linen magenta maroon mediumaquamarine mediumblue mediumorchid mediumpurple mediumseagreen ' +
    'mediumslateblue mediumspringgreen mediumturquoise mediumvioletred midnightblue mintcream mistyrose moccasin navajowhite navy oldlace olive ' +
    'olivedrab orange orangered orchid palegoldenrod palegreen paleturquoise palevioletred papayawhip peachpuff peru pink plum powderblue purple ' +
    'rebeccapurple red rosybrown royalblue saddlebrown salmon sandybrown seagreen seashell sienna silver skyblue slateblue slategray slategrey ' +
    'snow springgreen steelblue tan teal thistle tomato turquoise violet wheat white whitesmoke yellow yellowgreen'
  ).split(' '),
);

const HEX = /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
const NUMBER = String.raw`[+-]?(?:\d+(?:\.\d+)?|\.\d+)`;
const ANGLE_OR_NUMBER = String.raw`${NUMBER}(?:deg|rad|grad|turn)?`;
const PERCENT_OR_NUMBER = String.raw`${NUMBER}%?`;
const ALPHA = String.raw`(?:\s*[,/]\s*${PERCENT_OR_NUMBER})?`;
const RGB = new RegExp(String.raw`^rgba?\(\s*${PERCENT_OR_NUMBER}(?:\s*,\s*|\s+)${PERCENT_OR_NUMBER}(?:\s*,\s*|\s+)${PERCENT_OR_NUMBER}${ALPHA}\s*\)$`, 'i');
const HSL = new RegExp(String.raw`^hsla?\(\s*${ANGLE_OR_NUMBER}(?:\s*,\s*|\s+)${PERCENT_OR_NUMBER}(?:\s*,\s*|\s+)${PERCENT_OR_NUMBER}${ALPHA}\s*\)$`, 'i');

/**
 * A CSS colour the client can paint an avatar with: a named colour, `#rgb[a]`, `#rrggbb[aa]`, or `rgb()`/`hsl()` with
 * numbers. Anything else (a `url(...)`, an expression, markup) is refused: the client puts it in a style attribute.
 */
export const isCssColour = (value: string): boolean => {
  const colour = value.trim();
  return NAMED_COLOURS.has(colour.toLowerCase()) || HEX.test(colour) || RGB.test(colour) || HSL.test(colour);
};
