// A minimal DOM for miniprogram-simulate in plain Node (no jsdom in the dev dependencies).
//
// miniprogram-simulate renders the component tree with exparser into a DOM; it expects `window`
// and `document` (its docs use jest + jsdom). Page-logic tests only need that tree to exist and
// to read text back, so this file implements the small subset exparser, j-component and
// miniprogram-simulate touch: nodes, elements, text, fragments, attributes, classList, style,
// events and textContent. It is not a browser: no layout, no selectors beyond what is used.
'use strict';

class EventTarget0 {
  addEventListener(type, fn) {
    (this.__listeners ||= {});
    (this.__listeners[type] ||= []).push(fn);
  }
  removeEventListener(type, fn) {
    const list = this.__listeners && this.__listeners[type];
    if (list) this.__listeners[type] = list.filter((f) => f !== fn);
  }
  dispatchEvent(event) {
    if (!event.target) event.target = this;
    event.currentTarget = this;
    const list = (this.__listeners && this.__listeners[event.type]) || [];
    for (const fn of list.slice()) fn.call(this, event);
    if (event.bubbles && !event.__stopped && this.parentNode) this.parentNode.dispatchEvent(event);
    return !event.defaultPrevented;
  }
}

class Node0 extends EventTarget0 {
  constructor(nodeType, ownerDocument) {
    super();
    this.nodeType = nodeType;
    this.ownerDocument = ownerDocument || null;
    this.parentNode = null;
    this.childNodes = [];
  }
  get firstChild() { return this.childNodes[0] || null; }
  get lastChild() { return this.childNodes[this.childNodes.length - 1] || null; }
  get parentElement() { return this.parentNode && this.parentNode.nodeType === 1 ? this.parentNode : null; }
  get nextSibling() {
    if (!this.parentNode) return null;
    const s = this.parentNode.childNodes;
    return s[s.indexOf(this) + 1] || null;
  }
  get previousSibling() {
    if (!this.parentNode) return null;
    const s = this.parentNode.childNodes;
    return s[s.indexOf(this) - 1] || null;
  }
  get children() { return this.childNodes.filter((n) => n.nodeType === 1); }
  hasChildNodes() { return this.childNodes.length > 0; }
  contains(other) {
    for (let n = other; n; n = n.parentNode) if (n === this) return true;
    return false;
  }
  _adopt(child) {
    if (child.nodeType === 11) {
      const kids = child.childNodes.slice();
      child.childNodes = [];
      for (const k of kids) k.parentNode = null;
      return kids;
    }
    if (child.parentNode) child.parentNode.removeChild(child);
    return [child];
  }
  appendChild(child) { return this.insertBefore(child, null); }
  insertBefore(child, ref) {
    const kids = this._adopt(child);
    let i = ref ? this.childNodes.indexOf(ref) : this.childNodes.length;
    if (i < 0) i = this.childNodes.length;
    this.childNodes.splice(i, 0, ...kids);
    for (const k of kids) k.parentNode = this;
    return child;
  }
  removeChild(child) {
    const i = this.childNodes.indexOf(child);
    if (i >= 0) this.childNodes.splice(i, 1);
    child.parentNode = null;
    return child;
  }
  replaceChild(child, old) {
    this.insertBefore(child, old);
    return this.removeChild(old);
  }
  remove() { if (this.parentNode) this.parentNode.removeChild(this); }
  append(...nodes) { for (const n of nodes) this.appendChild(typeof n === 'string' ? this.ownerDocument.createTextNode(n) : n); }
  get textContent() { return this.childNodes.map((n) => n.textContent).join(''); }
  set textContent(v) {
    for (const k of this.childNodes) k.parentNode = null;
    this.childNodes = [];
    if (v !== '' && v != null) this.appendChild(this.ownerDocument.createTextNode(String(v)));
  }
  isEqualNode(other) {
    return !!other && this.nodeType === other.nodeType && this.outerHTML === other.outerHTML;
  }
}

class Text0 extends Node0 {
  constructor(data, doc) { super(3, doc); this.data = String(data); }
  get nodeValue() { return this.data; }
  set nodeValue(v) { this.data = String(v); }
  get textContent() { return this.data; }
  set textContent(v) { this.data = String(v); }
  get nodeName() { return '#text'; }
  get outerHTML() { return this.data.replace(/&/g, '&amp;').replace(/</g, '&lt;'); }
  cloneNode() { return new Text0(this.data, this.ownerDocument); }
}

class Comment0 extends Node0 {
  constructor(data, doc) { super(8, doc); this.data = String(data); }
  get nodeValue() { return this.data; }
  get textContent() { return ''; }
  get outerHTML() { return `<!--${this.data}-->`; }
  cloneNode() { return new Comment0(this.data, this.ownerDocument); }
}

class ClassList0 {
  constructor(el) { this.el = el; }
  _get() { return (this.el.getAttribute('class') || '').split(/\s+/).filter(Boolean); }
  _set(list) { this.el.setAttribute('class', list.join(' ')); }
  add(...names) { const l = this._get(); for (const n of names) if (!l.includes(n)) l.push(n); this._set(l); }
  remove(...names) { this._set(this._get().filter((c) => !names.includes(c))); }
  contains(n) { return this._get().includes(n); }
  toggle(n, force) {
    const has = this.contains(n);
    const want = force === undefined ? !has : !!force;
    if (want && !has) this.add(n);
    if (!want && has) this.remove(n);
    return want;
  }
  get length() { return this._get().length; }
  item(i) { return this._get()[i] || null; }
  toString() { return this._get().join(' '); }
}

function styleProxy(el) {
  const store = {};
  return new Proxy(store, {
    get(t, k) {
      if (k === 'cssText') return Object.entries(t).map(([a, b]) => `${a}:${b}`).join(';');
      if (k === 'setProperty') return (a, b) => { t[a] = b; };
      if (k === 'removeProperty') return (a) => { delete t[a]; };
      if (k === 'getPropertyValue') return (a) => t[a] || '';
      return t[k] === undefined ? '' : t[k];
    },
    set(t, k, v) {
      if (k === 'cssText') {
        for (const key of Object.keys(t)) delete t[key];
        for (const decl of String(v).split(';')) {
          const i = decl.indexOf(':');
          if (i > 0) t[decl.slice(0, i).trim()] = decl.slice(i + 1).trim();
        }
      } else t[k] = v;
      return true;
    },
  });
}

class Element0 extends Node0 {
  constructor(tagName, doc) {
    super(1, doc);
    this.tagName = String(tagName).toUpperCase();
    this.localName = String(tagName).toLowerCase();
    this.attributes = [];
    this.classList = new ClassList0(this);
    this.style = styleProxy(this);
    this.dataset = {};
  }
  get nodeName() { return this.tagName; }
  setAttribute(name, value) {
    name = String(name);
    const a = this.attributes.find((x) => x.name === name);
    if (a) a.value = String(value);
    else this.attributes.push({ name, value: String(value) });
    if (name === 'style') this.style.cssText = String(value);
  }
  getAttribute(name) {
    const a = this.attributes.find((x) => x.name === name);
    return a ? a.value : null;
  }
  hasAttribute(name) { return this.getAttribute(name) !== null; }
  removeAttribute(name) { this.attributes = this.attributes.filter((x) => x.name !== name); }
  get id() { return this.getAttribute('id') || ''; }
  set id(v) { this.setAttribute('id', v); }
  get className() { return this.getAttribute('class') || ''; }
  set className(v) { this.setAttribute('class', v); }
  cloneNode(deep) {
    const c = new Element0(this.localName, this.ownerDocument);
    for (const a of this.attributes) c.setAttribute(a.name, a.value);
    if (deep) for (const k of this.childNodes) c.appendChild(k.cloneNode(true));
    return c;
  }
  get innerHTML() { return this.childNodes.map((n) => n.outerHTML).join(''); }
  set innerHTML(html) {
    // Only plain text is supported (miniprogram-simulate writes CSS into <style> this way).
    this.textContent = String(html);
  }
  get outerHTML() {
    const attrs = this.attributes.map((a) => ` ${a.name}="${a.value.replace(/"/g, '&quot;')}"`).join('');
    return `<${this.localName}${attrs}>${this.innerHTML}</${this.localName}>`;
  }
  querySelectorAll(sel) {
    // Compound simple selectors only: `tag`, `.class`, `#id`, `tag.class#id`, comma lists.
    const parts = String(sel).split(',').map((one) => {
      const m = one.trim().match(/^([a-zA-Z][\w-]*)?((?:[.#][\w-]+)*)$/);
      if (!m) throw new Error(`mini-dom: unsupported selector ${one}`);
      const tag = m[1] && m[1].toLowerCase();
      const rest = m[2].match(/[.#][\w-]+/g) || [];
      return (el) => (!tag || el.localName === tag) && rest.every((r) => (r[0] === '.'
        ? el.classList.contains(r.slice(1)) : el.id === r.slice(1)));
    });
    const out = [];
    const walk = (n) => { for (const k of n.children) { if (parts.some((p) => p(k))) out.push(k); walk(k); } };
    walk(this);
    out.item = (i) => out[i] || null;
    return out;
  }
  querySelector(sel) { return this.querySelectorAll(sel)[0] || null; }
  getElementsByTagName(tag) { return this.querySelectorAll(tag); }
  getBoundingClientRect() { return { top: 0, left: 0, right: 0, bottom: 0, width: 0, height: 0, x: 0, y: 0 }; }
  attachShadow() { const f = new Fragment0(this.ownerDocument); this.shadowRoot = f; return f; }
}

class Fragment0 extends Node0 {
  constructor(doc) { super(11, doc); }
  get nodeName() { return '#document-fragment'; }
  get outerHTML() { return this.childNodes.map((n) => n.outerHTML).join(''); }
  cloneNode(deep) {
    const c = new Fragment0(this.ownerDocument);
    if (deep) for (const k of this.childNodes) c.appendChild(k.cloneNode(true));
    return c;
  }
  querySelectorAll(sel) { return Element0.prototype.querySelectorAll.call(this, sel); }
  querySelector(sel) { return this.querySelectorAll(sel)[0] || null; }
}

class Document0 extends Node0 {
  constructor() {
    super(9, null);
    this.ownerDocument = null;
    this.documentElement = this.createElement('html');
    this.head = this.createElement('head');
    this.body = this.createElement('body');
    this.documentElement.appendChild(this.head);
    this.documentElement.appendChild(this.body);
    this.appendChild(this.documentElement);
  }
  createElement(tag) { return new Element0(tag, this); }
  createElementNS(_ns, tag) { return new Element0(tag, this); }
  createTextNode(data) { return new Text0(data, this); }
  createComment(data) { return new Comment0(data, this); }
  createDocumentFragment() { return new Fragment0(this); }
  importNode(node, deep) { return node.cloneNode(deep); }
  getElementsByTagName(tag) {
    return tag.toLowerCase() === 'html' ? [this.documentElement] : this.documentElement.querySelectorAll(tag);
  }
  getElementById(id) { return this.documentElement.querySelector(`#${id}`); }
  querySelector(sel) { return this.documentElement.querySelector(sel); }
  querySelectorAll(sel) { return this.documentElement.querySelectorAll(sel); }
  createEvent() { return new Event0(''); }
}

class Event0 {
  constructor(type, init = {}) {
    this.type = type;
    this.bubbles = !!init.bubbles;
    this.cancelable = !!init.cancelable;
    this.composed = !!init.composed;
    this.defaultPrevented = false;
    this.timeStamp = Date.now();
  }
  initEvent(type, bubbles, cancelable) { this.type = type; this.bubbles = bubbles; this.cancelable = cancelable; }
  preventDefault() { this.defaultPrevented = true; }
  stopPropagation() { this.__stopped = true; }
  stopImmediatePropagation() { this.__stopped = true; }
}
class CustomEvent0 extends Event0 {
  constructor(type, init = {}) { super(type, init); this.detail = init.detail; }
}

/** Installs `window`, `document`, `Node`, `Element`, `Event`, … on globalThis (once). */
function installMiniDom() {
  if (globalThis.window && globalThis.document) return globalThis.window;
  const document = new Document0();
  const win = globalThis;
  Object.assign(win, {
    window: win,
    document,
    Node: Node0,
    Element: Element0,
    HTMLElement: Element0,
    Text: Text0,
    Comment: Comment0,
    DocumentFragment: Fragment0,
    CustomEvent: CustomEvent0,
    navigator: globalThis.navigator || { userAgent: 'node' },
    getComputedStyle: (el) => el.style,
    requestAnimationFrame: (fn) => setTimeout(() => fn(Date.now()), 0),
    cancelAnimationFrame: (id) => clearTimeout(id),
  });
  // Node 20 has a global Event without bubbling through our tree; use ours.
  win.Event = Event0;
  return win;
}

module.exports = { installMiniDom };
