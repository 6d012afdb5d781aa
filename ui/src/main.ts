import { createApp } from 'vue'
import { createPinia } from 'pinia'
import ElementPlus from 'element-plus'
import 'element-plus/dist/index.css'
import App from './App.vue'
import { i18n, currentLocale } from './i18n'
import { makeRouter } from './router'
import './styles.css'

document.documentElement.lang = currentLocale.value

createApp(App).use(createPinia()).use(i18n).use(makeRouter()).use(ElementPlus).mount('#app')
