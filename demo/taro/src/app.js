import { Component } from 'react';
import './app.css';

export default class App extends Component {
  render() {
    return this.props.children;
  }
}
