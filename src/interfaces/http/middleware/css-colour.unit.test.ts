import { isCssColour } from './css-colour';

describe('a CSS colour for an avatar', () => {
  it.each([
    'red',
    'RebeccaPurple',
    '#f00',
    '#f00a',
    '#ff0000',
    '#ff000080',
    'rgb(255, 0, 0)',
    'rgba(255,0,0,0.5)',
    'rgb(100% 0% 0% / 50%)',
    'hsl(120deg 100% 50%)',
    'hsla(120, 100%, 50%, .3)',
  ])('accepts %s', (colour) => expect(isCssColour(colour)).toBe(true));

  it.each([
    '',
    'reddish',
    '#ff000',
    '#gggggg',
    'url(https://evil.example/x.png)',
    'red;background:url(x)',
    'expression(alert(1))',
    '<b>red</b>',
    'rgb(1,2)',
    'javascript:red',
  ])('refuses %j', (colour) => expect(isCssColour(colour)).toBe(false));
});
